-- The Lua half of the `asyncio` module.
--
-- Every await point lives here: a blocking method first tries the host's fast path (a free
-- slot, a queued item), and only when that fails suspends the task by yielding a request
-- that starts with the private REQUEST marker. The host decodes the request, parks the task
-- on the primitive, and later resumes it with `true` (woken), `false, msg` (cancelled) or
-- `nil, message` (the await itself was invalid).

local core, REQUEST, classes = ...

local select, type, error, setmetatable, pcall, tostring = select, type, error, setmetatable, pcall, tostring
-- Host objects hide their metatables from scripts (__metatable); the prelude sees them.
local getmetatable, getinfo = debug.getmetatable, debug.getinfo

-- The host's functions keep raw addresses in their upvalues (an awaiting method's host
-- functions, the request marker): setting one would point the host at anything at all.
local setupvalue = debug.setupvalue
function debug.setupvalue(f, n, value)
    if type(f) == "function" and getinfo(f, "S").what == "C" then
        error("bad argument #1 to 'setupvalue' (the upvalues of a host function cannot be set)", 2)
    end
    return setupvalue(f, n, value)
end
local rawequal, ipairs = rawequal, ipairs
local pack, unpack, concat = table.pack, table.unpack, table.concat
local format = string.format
local co_yield, co_resume, co_create, co_status = coroutine.yield, coroutine.resume, coroutine.create, coroutine.status
local co_close, isyieldable = coroutine.close, coroutine.isyieldable

-- Request codes; the host's AwaitRequest mirrors them.
-- (Codes 1, 2 and 4 to 7, sleep and the primitives' waits, are made by the host's awaiting
-- methods.)
local AWAIT_TASK, QUEUE_JOIN, WAIT, CONDITION_WAIT = 3, 8, 9, 10

local asyncio = {}

---------------------------------------------------------------------------------------------
-- Errors
---------------------------------------------------------------------------------------------

-- Each class is a metatable for its error objects, callable to make one.
local function error_class(name)
    local class = { type = name }
    class.__index = class
    class.__name = name
    function class.__tostring(err)
        local message = rawequal(err, class) and nil or err.message
        if message == nil or message == "" then return name end
        return name .. ": " .. tostring(message)
    end
    -- Raw: a script's table cannot pass for one of these by its `type` field, a
    -- `__metatable` field or an `__eq` metamethod.
    function class.is(_, err) return rawequal(getmetatable(err), class) end
    return setmetatable(class, {
        __call = function(_, message) return setmetatable({ type = name, message = message }, class) end,
        __tostring = function() return "<class " .. name .. ">" end,
    })
end

for _, name in ipairs({ "CancelledError", "TimeoutError", "InvalidStateError", "QueueFull", "QueueEmpty",
    "QueueShutDown", "BrokenBarrierError", "ExceptionGroup", "ValueError", "RuntimeError", "HostError",
    "OSError", "ConnectionRefusedError", "ConnectionResetError", "ConnectionAbortedError", "IncompleteReadError",
    "LimitOverrunError" }) do
    local class = error_class(name)
    asyncio[name] = class
    classes[name] = class
end
-- A host function's error is named by what the host threw (`type`), not by the class.
function asyncio.HostError.__tostring(err)
    local name = rawequal(err, asyncio.HostError) and "HostError" or tostring(err.type)
    local message = err.message
    if message == nil or message == "" then return name end
    return name .. ": " .. tostring(message)
end
local CancelledError, TimeoutError, ValueError = asyncio.CancelledError, asyncio.TimeoutError, asyncio.ValueError

-- The stack level of the innermost function outside this file, as seen by our caller.
local function caller_level()
    local level = 3
    while true do
        local info = getinfo(level, "S")
        if not info then return 1 end
        if info.source ~= "@asyncio.lua" and info.source ~= "@streams.lua" and info.what ~= "C" then
            return level - 1
        end
        level = level + 1
    end
end

-- Raises "bad argument #n to 'fn' (detail)" located at the script's call.
local function argerror(n, fname, detail)
    error(format("bad argument #%d to '%s' (%s)", n, fname, detail), caller_level())
end

-- Raises an error object (or message) located at the script's call.
local function raise(err)
    error(err, type(err) == "string" and caller_level() or 0)
end

local function typename(v)
    local mt = getmetatable(v)
    return type(mt) == "table" and type(mt.__name) == "string" and mt.__name or type(v)
end

local function check_number(v, n, fname)
    if type(v) ~= "number" then argerror(n, fname, "number expected, got " .. typename(v)) end
    if v ~= v then argerror(n, fname, "number expected, got nan") end
end

local function check_function(v, n, fname)
    if type(v) ~= "function" then argerror(n, fname, "function expected, got " .. typename(v)) end
end

---------------------------------------------------------------------------------------------
-- Awaiting
---------------------------------------------------------------------------------------------

-- An await ended without its wakeup: cancelled (ok == false) or refused by the host (nil).
local function await_failed(ok, message)
    if ok == false then error(CancelledError(message), 0) end
    raise(message)
end

local CANNOT_AWAIT = "cannot await here: %s is running where the task cannot be suspended " ..
    "(inside a metamethod such as __gc, a C function's callback such as a table.sort comparator " ..
    "or a string.gsub replacement, or outside any task). Move the await out: collect what you " ..
    "need first, then await in the task's own code."

-- Suspends the running task with a request; when the host resumes it, returns
-- finish(a, b) (if given). Callers tail-call it, and it keeps few registers, so a waiting
-- task's stack stays within the 40 slots a new thread starts with instead of doubling.
local function await(what, finish, op, a, b)
    if not isyieldable() then raise(format(CANNOT_AWAIT, what)) end
    local ok, message = co_yield(REQUEST, op, a, b)
    if not ok then return await_failed(ok, message) end
    if finish then return finish(a, b) end
end

-- asyncio.wait's request has more to say: the condition, the timeout, and whether a cancel
-- of the waiter cancels the tasks (gather).
local function await_tasks(what, tasks, condition, timeout, forward)
    if not isyieldable() then raise(format(CANNOT_AWAIT, what)) end
    local ok, message = co_yield(REQUEST, WAIT, tasks, condition, timeout, forward)
    if not ok then return await_failed(ok, message) end
end

-- The awaiting methods the host builds in C (Event.wait, Queue.get and put,
-- Semaphore.acquire, sleep) raise through these two when an await fails or cannot happen.
core.set_await_handlers(await_failed, function(what) raise(format(CANNOT_AWAIT, what)) end)

-- Coroutines whose await is on its way to the loop, or could not be made: only the relay
-- that carried the await may resume them, with the loop's answer. A resume by hand would
-- end the await without its wakeup (and take a queue item nobody handed over, say).
local in_await = setmetatable({}, { __mode = "k" })
local WAITING = "cannot resume a coroutine that waits in an await: its task resumes it when the wait ends"
local STRANDED = "cannot resume a coroutine whose await could not be made (see the error it returned)"
local CLOSED = "cannot resume dead coroutine (it was closed while its await was in flight)"
-- The task carrying each waiting coroutine's await, so that closing the coroutine takes
-- that task off the wait (a queue item or a lock is passed on, not lost to a dead await).
local carried_by = setmetatable({}, { __mode = "k" })
local current_task, abandon_wait = core.current_task, core.abandon_wait

-- A coroutine made inside a task may await: its await requests travel up through every
-- resume to the task's own thread, and what resumes the task travels back down.
local relay

local function answer(co, ...)
    if in_await[co] == CLOSED then
        in_await[co] = nil
        local ok, message = ...
        if ok == false then return await_failed(ok, message) end  -- a cancel meanwhile
        return false, CLOSED
    end
    in_await[co] = nil
    carried_by[co] = nil
    return relay(co, co_resume(co, ...))
end

function relay(co, ok, first, ...)
    if ok and rawequal(first, REQUEST) and co_status(co) == "suspended" then
        if not isyieldable() then
            in_await[co] = STRANDED
            return false, format(CANNOT_AWAIT, "a coroutine's await")
        end
        in_await[co] = WAITING
        carried_by[co] = current_task()
        return answer(co, co_yield(first, ...))
    end
    return ok, first, ...
end

-- A task's own thread belongs to the loop: resuming or closing it from a script would run
-- the task behind the loop's back.
local is_task_thread = core.is_task_thread
local function check_not_task(co, what)
    if is_task_thread(co) then
        error("cannot " .. what .. " a task's own coroutine: the loop resumes tasks (await them instead)", 3)
    end
end

function coroutine.resume(co, ...)
    check_not_task(co, "resume")
    local refused = in_await[co]
    if refused then return false, refused end
    return relay(co, co_resume(co, ...))
end

function coroutine.close(co)
    check_not_task(co, "close")
    if in_await[co] == WAITING then
        in_await[co] = CLOSED
        abandon_wait(carried_by[co])
        carried_by[co] = nil
    end
    return co_close(co)
end

local function unwrap(co, ok, ...)
    if ok then return ... end
    local err = ...
    co_close(co)
    error(err, type(err) == "string" and 2 or 0)
end

function coroutine.wrap(fn)
    local co = co_create(fn)
    return function(...)
        local refused = in_await[co]
        if refused then error(refused, 2) end
        return unwrap(co, relay(co, co_resume(co, ...)))
    end
end

---------------------------------------------------------------------------------------------
-- Output goes through the host, which may capture it (tests, grading).
---------------------------------------------------------------------------------------------

-- Lua's own print, in C, writing through the host (see clua_print).
print = core.print

---------------------------------------------------------------------------------------------
-- Running, time and sleep
---------------------------------------------------------------------------------------------

asyncio.time = core.time
asyncio.current_task = core.current_task
asyncio.all_tasks = core.all_tasks
asyncio.create_task = core.create_task

-- sleep(delay, [result]); with no value to give back, it returns nothing (the REPL then
-- prints nothing).
asyncio.sleep = core.sleep

---------------------------------------------------------------------------------------------
-- Worker threads
---------------------------------------------------------------------------------------------

-- to_thread(fn, ...): fn(...) on a worker thread, in a Lua state of its own; fn, what it
-- closes over, its arguments and its results are copied (the host explains what cannot be).
local to_thread = core.to_thread
asyncio.to_thread = to_thread

-- run_in_executor(nil, fn, ...): the default executor is the worker threads.
function asyncio.run_in_executor(executor, fn, ...)
    if executor ~= nil then
        argerror(1, "run_in_executor", "only nil (the default executor) is supported, got " .. typename(executor))
    end
    return to_thread(fn, ...)
end

---------------------------------------------------------------------------------------------
-- Tasks
---------------------------------------------------------------------------------------------

local Task = core.metatables.Task
local TaskMethods = Task.__index
local task_done, task_outcome = core.task_done, core.task_outcome

function TaskMethods.await(task)
    if getmetatable(task) ~= Task then
        error(format("calling 'await' on bad self (Task expected, got %s)\n%s", typename(task),
            core.hints.colon_await), caller_level())
    end
    if task_done(task) then return task_outcome(task) end
    if rawequal(task, core.current_task()) then
        raise(asyncio.RuntimeError("a task cannot await itself: " .. tostring(task)))
    end
    return await("await", task_outcome, AWAIT_TASK, task)
end

local function is_task(v) return getmetatable(v) == Task end

-- A Task as is, or a function wrapped in a new task (asyncio's ensure_future).
local function ensure_task(aw, n, fname)
    if getmetatable(aw) == Task then return aw end
    if type(aw) == "function" then return core.create_task(aw) end
    error(format("bad argument #%d to '%s' (task or function expected, got %s)\n%s", n, fname, typename(aw),
        core.hints.awaitables), caller_level())
end

function asyncio.run(fn, ...)
    check_function(fn, 1, "run")
    return core.create_task(fn, ...):await()
end

asyncio.ensure_future = function(aw) return ensure_task(aw, 1, "ensure_future") end

---------------------------------------------------------------------------------------------
-- Combinators
---------------------------------------------------------------------------------------------

asyncio.ALL_COMPLETED, asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION =
    "ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"
local CONDITIONS = { ALL_COMPLETED = 1, FIRST_COMPLETED = 2, FIRST_EXCEPTION = 3 }
local FIRST_UNSUCCESSFUL = 4

local wait_satisfied = core.wait_satisfied
-- Lists are made at the size of the list they copy: rawlen, as a __len may claim anything.
local new_list, partition_done, rawlen = core.new_list, core.partition_done, rawlen

-- Waits on a list of tasks; `forward` makes a cancel of the waiter cancel them (gather).
local function wait_tasks(what, tasks, condition, timeout, forward)
    -- forward is gather's: the gatherer answers for the tasks' errors too (claims them).
    if wait_satisfied(tasks, condition, forward) then return end
    await_tasks(what, tasks, condition, timeout, forward)
end

function asyncio.wait(aws, options)
    if type(aws) ~= "table" or is_task(aws) then
        argerror(1, "wait", "list of tasks expected, got " .. typename(aws))
    end
    if #aws == 0 then raise(ValueError("wait() needs at least one task")) end
    if options ~= nil and type(options) ~= "table" then
        argerror(2, "wait", "options table expected, got " .. typename(options))
    end
    local when = options and options.return_when or asyncio.ALL_COMPLETED
    local condition = CONDITIONS[when]
    if not condition then raise(ValueError("invalid return_when value: " .. tostring(when))) end
    local timeout = options and options.timeout
    if timeout ~= nil then check_number(timeout, 2, "wait") end
    local tasks = new_list(rawlen(aws))
    for i = 1, #aws do tasks[i] = ensure_task(aws[i], 1, "wait") end
    wait_tasks("wait", tasks, condition, timeout)
    return partition_done(tasks)
end

-- The first result of a finished task, or its error as a value.
local function outcome_as_value(task)
    local ok, result = pcall(task_outcome, task)
    return result
end

local gather_results = core.gather_results

function asyncio.gather(...)
    local aws, options = ..., nil
    if select("#", ...) >= 1 and type(aws) == "table" and not is_task(aws) then
        options = select(2, ...)
        if options ~= nil and type(options) ~= "table" then
            argerror(2, "gather", "options table expected, got " .. typename(options))
        end
    else
        aws = pack(...)
    end
    local return_exceptions = options and options.return_exceptions
    local count = aws.n or #aws
    local tasks = new_list(rawlen(aws))
    for i = 1, count do tasks[i] = ensure_task(aws[i], i, "gather") end
    -- A cancel of this task reaches the tasks; the wait then raises it here once they end.
    wait_tasks("gather", tasks, return_exceptions and 1 or FIRST_UNSUCCESSFUL, nil, true)
    if return_exceptions then
        local results = new_list(#tasks)
        for i = 1, #tasks do results[i] = outcome_as_value(tasks[i]) end
        return results
    end
    local results = gather_results(tasks)
    if results then return results end
    -- The first task to fail (or be cancelled) raises its error here; not as a tail call,
    -- so that the report of the error names the caller's line ("awaited by Task-2 at ...").
    return (task_outcome(tasks[core.first_done(tasks, true)]))
end

-- Runs fn under a deadline in loop seconds (asyncio.timeout_at's `async with`).
-- `what` names the caller for the report of a deadline that fn swallowed; nil for wait_for,
-- whose fn only awaits a task (a task that swallows its cancel is reported at its end).
local function run_until(what, deadline, fn, ...)
    local me = core.current_task()
    if not me then raise("asyncio.timeout: not inside a task") end
    local cancelling = core.task_cancelling(me)
    local timer = core.arm_timeout(deadline)
    local results = pack(pcall(fn, ...))
    if core.disarm_timeout(timer) then
        -- As Python's Timeout.__aexit__, the expired timeout withdraws its cancel in any case.
        local mine = core.task_uncancel(me) <= cancelling
        if not results[1] and CancelledError:is(results[2]) then
            if mine then error(TimeoutError(), 3) end
        elseif mine and what then
            core.timeout_swallowed(what, deadline)  -- fn caught the cancel and carried on
        end
    end
    if not results[1] then error(results[2], 0) end
    return unpack(results, 2, results.n)
end

function asyncio.timeout_at(when, fn, ...)
    check_function(fn, 2, "timeout_at")
    if when == nil then return fn(...) end
    check_number(when, 1, "timeout_at")
    return run_until("asyncio.timeout_at", when, fn, ...)
end

function asyncio.timeout(delay, fn, ...)
    check_function(fn, 2, "timeout")
    if delay == nil then return fn(...) end
    check_number(delay, 1, "timeout")
    return run_until(format("asyncio.timeout(%s)", delay), core.time() + delay, fn, ...)
end

function asyncio.wait_for(aw, timeout)
    local task = ensure_task(aw, 1, "wait_for")
    if timeout == nil then return task:await() end
    check_number(timeout, 2, "wait_for")
    return run_until(nil, core.time() + timeout, task.await, task)
end

-- pcall that lets CancelledError through, as Python's `except Exception:` does (there
-- CancelledError is no Exception): a handler of failures never swallows a cancel or the
-- deadline of a timeout.
local function pass_cancel(ok, ...)
    if not ok and CancelledError:is((...)) then error((...), 0) end
    return ok, ...
end

function asyncio.pcall(fn, ...)
    return pass_cancel(pcall(fn, ...))
end

---------------------------------------------------------------------------------------------
-- Primitives: the host keeps their state; here are only the awaiting methods.
---------------------------------------------------------------------------------------------

local Semaphore = core.metatables.Semaphore.__index
local semaphore_acquire = core.semaphore_acquire
Semaphore.acquire = semaphore_acquire

-- Runs fn holding a slot; the slot is released on return, error or cancellation.
function Semaphore.with(sem, fn, ...)
    if type(fn) ~= "function" then
        if type(sem) == "function" and fn == nil then
            error("bad argument #1 to 'with' (function expected, got no value)\n" .. core.hints.colon_with, caller_level())
        end
        check_function(fn, 1, "with")
    end
    semaphore_acquire(sem)
    local _ <close> = sem
    return fn(...)
end

asyncio.Semaphore = core.semaphore_new
asyncio.BoundedSemaphore = core.bounded_semaphore_new

local Event = core.metatables.Event.__index
Event.wait = core.event_wait

asyncio.Event = core.event_new

local Queue = core.metatables.Queue.__index
Queue.get, Queue.put = core.queue_get, core.queue_put

function Queue.join(queue)
    if core.queue_unfinished(queue) == 0 then return end
    return await("join", nil, QUEUE_JOIN, queue)
end

-- `q.maxsize` is a field: each queue gets its own metatable whose __index is a table of its
-- fields, which falls back to the shared methods. Method lookups stay table lookups inside
-- the VM (a function __index cost a fifth of a queue-heavy run).
local QueueShared = core.metatables.Queue
local QueueFields = { __index = Queue }
local queue_new, queue_maxsize, setuserdatameta = core.queue_new, core.queue_maxsize, debug.setmetatable

-- A constructor for one of the three orders: FIFO, LIFO, or smallest priority first.
local function queue_class(name)
    return function(maxsize)
        if maxsize ~= nil and (type(maxsize) ~= "number" or math.tointeger(maxsize) == nil) then
            argerror(1, name, "integer expected, got " .. typename(maxsize))
        end
        local queue = queue_new(maxsize, name)
        setuserdatameta(queue, {
            __index = setmetatable({ maxsize = queue_maxsize(queue) }, QueueFields),
            __gc = QueueShared.__gc, __tostring = QueueShared.__tostring, __name = name, __metatable = false,
        })
        return queue
    end
end

asyncio.Queue = queue_class("Queue")
asyncio.LifoQueue = queue_class("LifoQueue")
asyncio.PriorityQueue = queue_class("PriorityQueue")

---------------------------------------------------------------------------------------------
-- Lock and Condition
---------------------------------------------------------------------------------------------

asyncio.Lock = core.lock_new  -- a Semaphore of one slot: acquire, release, locked, with

local Condition = core.metatables.Condition.__index
local condition_lock, RuntimeError = core.condition_lock, asyncio.RuntimeError

function asyncio.Condition(lock)
    return core.condition_new(lock == nil and core.lock_new() or lock)
end

function Condition.acquire(cond) return Semaphore.acquire(condition_lock(cond)) end
function Condition.release(cond) return condition_lock(cond):release() end
function Condition.locked(cond) return condition_lock(cond):locked() end
function Condition.with(cond, fn, ...) return Semaphore.with(condition_lock(cond), fn, ...) end

-- Releases the lock, waits for a notify, and takes the lock again before returning, even
-- when cancelled (as CPython's Condition.wait does). Any error out of it passes one
-- notification on, so that no notify is lost on a task that will not act on it.
function Condition.wait(cond)
    local lock = condition_lock(cond)
    if not lock:locked() then raise(RuntimeError("cannot wait on un-acquired lock")) end
    lock:release()
    local ok, err = pcall(await, "wait", nil, CONDITION_WAIT, cond)
    local cancelled
    while true do
        local acquired, why = pcall(Semaphore.acquire, lock)
        if acquired then break end
        if not CancelledError:is(why) then err, ok = why, false break end
        cancelled = why
    end
    if ok and not cancelled then return true end
    if lock:locked() then cond:notify(1) end
    error(cancelled or err, 0)  -- the most recent cancellation, as CPython re-raises
end

function Condition.wait_for(cond, predicate)
    check_function(predicate, 1, "wait_for")
    local result = predicate()
    while not result do
        Condition.wait(cond)
        result = predicate()
    end
    return result
end

---------------------------------------------------------------------------------------------
-- Barrier: composed from a Condition, as CPython composes it.
---------------------------------------------------------------------------------------------

local BrokenBarrierError = asyncio.BrokenBarrierError
local Barrier = {}
local BarrierClass = { __index = Barrier, __name = "Barrier" }

function asyncio.Barrier(parties)
    if type(parties) ~= "number" or math.tointeger(parties) == nil then
        argerror(1, "Barrier", "integer expected, got " .. typename(parties))
    end
    if parties < 1 then raise(ValueError("parties must be >= 1")) end
    -- _state: "filling" (tasks arrive), "draining" (released tasks leave), "resetting", "broken"
    return setmetatable({ parties = math.tointeger(parties), _cond = asyncio.Condition(), _state = "filling",
        _count = 0 }, BarrierClass)
end

local function barrier_block(barrier)
    barrier._cond:wait_for(function() return barrier._state ~= "draining" and barrier._state ~= "resetting" end)
    if barrier._state == "broken" then error(BrokenBarrierError("Barrier aborted"), 0) end
end

local function barrier_pass(barrier, index)
    if index + 1 == barrier.parties then
        barrier._state = "draining"
        barrier._cond:notify_all()
        return
    end
    barrier._cond:wait_for(function() return barrier._state ~= "filling" end)
    if barrier._state == "broken" or barrier._state == "resetting" then
        error(BrokenBarrierError("Abort or reset of barrier"), 0)
    end
end

-- The last task out of a drained or reset barrier opens it for the next round.
local function barrier_exit(barrier)
    if barrier._count == 0 then
        if barrier._state == "resetting" or barrier._state == "draining" then barrier._state = "filling" end
        barrier._cond:notify_all()
    end
end

-- Waits until `parties` tasks have called wait; returns this task's arrival index.
function Barrier.wait(barrier)
    return barrier._cond:with(function()
        barrier_block(barrier)
        local index = barrier._count
        barrier._count = index + 1
        local ok, err = pcall(barrier_pass, barrier, index)
        barrier._count = barrier._count - 1
        barrier_exit(barrier)
        if not ok then error(err, 0) end
        return index
    end)
end

-- Tasks waiting now get BrokenBarrierError; the barrier then starts filling again.
function Barrier.reset(barrier)
    barrier._cond:with(function()
        barrier._state = barrier._count > 0 and "resetting" or "filling"
        barrier._cond:notify_all()
    end)
end

-- Breaks the barrier: every wait, now and later, raises BrokenBarrierError.
function Barrier.abort(barrier)
    barrier._cond:with(function()
        barrier._state = "broken"
        barrier._cond:notify_all()
    end)
end

function Barrier.n_waiting(barrier) return barrier._state == "filling" and barrier._count or 0 end
function Barrier.broken(barrier) return barrier._state == "broken" end
function BarrierClass.__tostring(barrier)
    return format("Barrier(%s, waiters=%d/%d)", barrier._state, Barrier.n_waiting(barrier), barrier.parties)
end

---------------------------------------------------------------------------------------------
-- Structured concurrency: shield, as_completed, task groups
---------------------------------------------------------------------------------------------

-- Awaits the awaitable; cancelling the caller interrupts only the caller's wait.
function asyncio.shield(aw)
    local task = ensure_task(aw, 1, "shield")
    if not task_done(task) then wait_tasks("shield", { task }, CONDITIONS.ALL_COMPLETED, nil, false) end
    return task_outcome(task)
end

-- An iterator over the tasks in the order they finish: `for t in as_completed(ts) do`.
function asyncio.as_completed(aws, options)
    if type(aws) ~= "table" or is_task(aws) then
        argerror(1, "as_completed", "list of tasks expected, got " .. typename(aws))
    end
    local timeout = options and options.timeout
    if timeout ~= nil then check_number(timeout, 2, "as_completed") end
    local pending, seen = {}, {}
    for i = 1, #aws do
        local task = ensure_task(aws[i], 1, "as_completed")
        if not seen[task] then  -- a task listed twice is yielded once
            seen[task] = true
            pending[#pending + 1] = task
        end
    end
    local deadline = timeout and core.time() + timeout
    return function()
        if #pending == 0 then return nil end
        local first = core.first_done(pending)
        if not first then
            local remaining = deadline and deadline - core.time()
            if remaining == nil or remaining > 0 then
                wait_tasks("as_completed", pending, CONDITIONS.FIRST_COMPLETED, remaining)
                first = core.first_done(pending)
            end
            if not first then raise(TimeoutError()) end
        end
        return table.remove(pending, first)
    end
end

local ExceptionGroup = asyncio.ExceptionGroup

-- ExceptionGroup(message, errors): `errors` lists the errors it groups.
getmetatable(ExceptionGroup).__call = function(_, message, errors)
    return setmetatable({ type = "ExceptionGroup", message = message, errors = errors or {} }, ExceptionGroup)
end

-- "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions: …; …)"
function ExceptionGroup.__tostring(group)
    if rawequal(group, ExceptionGroup) then return "ExceptionGroup" end
    local parts = {}
    for i, err in ipairs(group.errors or {}) do parts[i] = tostring(err) end
    if #parts == 0 then return "ExceptionGroup: " .. tostring(group.message) end
    local count = #parts == 1 and "1 sub-exception" or (#parts .. " sub-exceptions")
    return format("ExceptionGroup: %s (%s: %s)", tostring(group.message), count, concat(parts, "; "))
end

local TaskGroup = {}
local TaskGroupClass = { __index = TaskGroup, __name = "TaskGroup" }

function TaskGroupClass.__tostring(group)
    return format("TaskGroup(tasks=%d, errors=%d%s)", group._count, #group._errors,
        group._aborting and ", cancelling" or "")
end

-- The group's unfinished tasks in the order they were created (so runs repeat exactly).
local function group_tasks(group)
    local tasks = {}
    for task in pairs(group._tasks) do tasks[#tasks + 1] = task end
    table.sort(tasks, function(a, b) return core.task_id(a) < core.task_id(b) end)
    return tasks
end

-- Cancels every unfinished task of the group.
local function group_abort(group)
    group._aborting = true
    for _, task in ipairs(group_tasks(group)) do task:cancel() end
end

-- Runs when a task of the group is done (a done callback): the first error cancels the
-- rest and the body, as in CPython's TaskGroup.
local function group_task_done(group, task)
    group._tasks[task] = nil
    group._count = group._count - 1
    if group._count == 0 then group._idle:set() end
    if task:cancelled() then return end
    local err = task:exception()
    if err == nil then return end
    group._errors[#group._errors + 1] = err
    if not group._aborting and not group._parent_cancel_requested then
        group_abort(group)
        group._parent_cancel_requested = true
        group._parent:cancel()
    end
end

function TaskGroup.create_task(group, fn, ...)
    check_function(fn, 1, "create_task")
    if group._exiting and group._count == 0 then raise(RuntimeError("TaskGroup is finished")) end
    if group._aborting then raise(RuntimeError("TaskGroup is shutting down")) end
    local task = core.create_task(fn, ...)
    group._tasks[task] = true
    group._count = group._count + 1
    task:add_done_callback(function(t) group_task_done(group, t) end)
    return task
end

-- Cancels the group's tasks and its body; the group then ends without an error.
function TaskGroup.cancel(group)
    if group._exiting and group._count == 0 then return end
    if not group._aborting then
        group_abort(group)
        if not group._parent_cancel_requested then
            group._parent_cancel_requested = true
            group._parent:cancel()
        end
    end
end

-- Runs body(tg, ...) and waits for every task it created; the first failure cancels the
-- others and all errors are raised together as one ExceptionGroup (`errors` lists them).
function asyncio.task_group(body, ...)
    check_function(body, 1, "task_group")
    local parent = core.current_task()
    if not parent then raise(RuntimeError("a TaskGroup needs a running task")) end
    -- _idle is set by the done callback that finds the group empty: the body wakes after the
    -- callbacks of that turn, as CPython's _on_completed_fut makes it.
    local group = setmetatable({ _parent = parent, _tasks = {}, _count = 0, _errors = {}, _aborting = false,
        _exiting = false, _parent_cancel_requested = false, _idle = asyncio.Event() }, TaskGroupClass)
    local results = pack(pcall(body, group, ...))
    local ok, body_error = results[1], results[2]
    group._exiting = true
    local propagate_cancel, pending_cancel
    if not ok then
        if CancelledError:is(body_error) then propagate_cancel = body_error end
        if not group._aborting then group_abort(group) end
    end
    while group._count > 0 do
        group._idle:clear()
        local waited, why = pcall(group._idle.wait, group._idle)
        if not waited then
            if not CancelledError:is(why) then error(why, 0) end
            pending_cancel = why
            if not group._aborting then
                propagate_cancel = why
                group_abort(group)
            end
        end
    end
    if group._parent_cancel_requested then
        if parent:uncancel() == 0 then
            propagate_cancel = nil
        elseif propagate_cancel == nil then
            propagate_cancel = pending_cancel
        end
    end
    if propagate_cancel and #group._errors == 0 then error(propagate_cancel, 0) end
    if not ok and not CancelledError:is(body_error) then group._errors[#group._errors + 1] = body_error end
    if #group._errors > 0 then
        if parent:cancelling() > 0 then
            parent:uncancel()
            parent:cancel()
        end
        error(ExceptionGroup("unhandled errors in a TaskGroup", group._errors), 0)
    end
    if not ok then return end  -- the group was cancelled, and ends quietly
    return unpack(results, 2, results.n)
end
asyncio.TaskGroup = asyncio.task_group

---------------------------------------------------------------------------------------------
-- The module `sim` (docs/sim.md): loaded now, before any script can change what it uses,
-- and found by `require("sim")` (not a global: `asyncio` stays Python's).
---------------------------------------------------------------------------------------------

package.loaded.sim = core.sim_load()(asyncio, {
    getinfo = getinfo, error_class = error_class, seed = core.sim_seed, track = core.sim_track,
    counter = core.sim_counter, mark = core.sim_mark, register = core.sim_register,
})

-- Streams (open_connection, start_server): Prelude/streams.lua, on the host's sockets.
core.streams_load()(asyncio, core, { raise = raise, argerror = argerror, typename = typename })

return asyncio
