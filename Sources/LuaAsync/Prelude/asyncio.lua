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
local rawequal, ipairs = rawequal, ipairs
local pack, unpack, concat = table.pack, table.unpack, table.concat
local format = string.format
local co_yield, co_resume, co_create, co_status = coroutine.yield, coroutine.resume, coroutine.create, coroutine.status
local co_close, isyieldable = coroutine.close, coroutine.isyieldable

-- Request codes; the host's AwaitRequest mirrors them.
local YIELD, SLEEP, AWAIT_TASK, ACQUIRE, EVENT_WAIT, QUEUE_GET, QUEUE_PUT, QUEUE_JOIN, WAIT =
    1, 2, 3, 4, 5, 6, 7, 8, 9

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
    function class.is(_, err) return getmetatable(err) == class end
    return setmetatable(class, {
        __call = function(_, message) return setmetatable({ type = name, message = message }, class) end,
        __tostring = function() return "<class " .. name .. ">" end,
    })
end

for _, name in ipairs({ "CancelledError", "TimeoutError", "InvalidStateError", "QueueFull", "QueueEmpty",
    "QueueShutDown", "BrokenBarrierError", "ExceptionGroup", "ValueError", "RuntimeError" }) do
    local class = error_class(name)
    asyncio[name] = class
    classes[name] = class
end
local CancelledError, TimeoutError, ValueError = asyncio.CancelledError, asyncio.TimeoutError, asyncio.ValueError

-- The stack level of the innermost function outside this file, as seen by our caller.
local function caller_level()
    local level = 3
    while true do
        local info = getinfo(level, "S")
        if not info then return 1 end
        if info.source ~= "@asyncio.lua" and info.what ~= "C" then return level - 1 end
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

local function second(_, b) return b end
local function yes() return true end

-- A coroutine made inside a task may await: its await requests travel up through every
-- resume to the task's own thread, and what resumes the task travels back down.
local function relay(co, ok, first, ...)
    if ok and rawequal(first, REQUEST) and co_status(co) == "suspended" then
        if not isyieldable() then
            return false, format(CANNOT_AWAIT, "a coroutine's await")
        end
        return relay(co, co_resume(co, co_yield(first, ...)))
    end
    return ok, first, ...
end

function coroutine.resume(co, ...)
    return relay(co, co_resume(co, ...))
end

local function unwrap(co, ok, ...)
    if ok then return ... end
    local err = ...
    co_close(co)
    error(err, type(err) == "string" and 2 or 0)
end

function coroutine.wrap(fn)
    local co = co_create(fn)
    return function(...) return unwrap(co, relay(co, co_resume(co, ...))) end
end

---------------------------------------------------------------------------------------------
-- Output goes through the host, which may capture it (tests, grading).
---------------------------------------------------------------------------------------------

local write_line = core.write_line

function print(...)
    local n = select("#", ...)
    local parts = { ... }
    for i = 1, n do parts[i] = tostring(parts[i]) end
    write_line(concat(parts, "\t", 1, n))
end

---------------------------------------------------------------------------------------------
-- Running, time and sleep
---------------------------------------------------------------------------------------------

asyncio.time = core.time
asyncio.current_task = core.current_task
asyncio.all_tasks = core.all_tasks
asyncio.create_task = core.create_task

function asyncio.sleep(delay, result)
    check_number(delay, 1, "sleep")
    if delay > 0 then return await("sleep", second, SLEEP, delay, result) end
    return await("sleep", second, YIELD, nil, result)
end

---------------------------------------------------------------------------------------------
-- Tasks
---------------------------------------------------------------------------------------------

local Task = core.metatables.Task
local TaskMethods = Task.__index
local task_done, task_outcome = core.task_done, core.task_outcome

function TaskMethods.await(task)
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
    argerror(n, fname, "task or function expected, got " .. typename(aw))
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

-- Waits on a list of tasks; `forward` makes a cancel of the waiter cancel them (gather).
local function wait_tasks(what, tasks, condition, timeout, forward)
    if wait_satisfied(tasks, condition) then return end
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
    local tasks = {}
    for i = 1, #aws do tasks[i] = ensure_task(aws[i], 1, "wait") end
    wait_tasks("wait", tasks, condition, timeout)
    local done, pending = {}, {}
    for i = 1, #tasks do
        local t = tasks[i]
        if task_done(t) then done[#done + 1] = t else pending[#pending + 1] = t end
    end
    return done, pending
end

-- The first result of a finished task, or its error as a value.
local function outcome_as_value(task)
    local ok, result = pcall(task_outcome, task)
    return result
end

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
    local tasks = {}
    for i = 1, aws.n or #aws do tasks[i] = ensure_task(aws[i], i, "gather") end
    local me = core.current_task()
    local cancelling = me and core.task_cancelling(me) or 0
    core.claim_errors(tasks)
    wait_tasks("gather", tasks, return_exceptions and 1 or FIRST_UNSUCCESSFUL, nil, true)
    local results = {}
    if return_exceptions then
        if me and core.task_cancelling(me) > cancelling then error(CancelledError(), 0) end
        for i = 1, #tasks do results[i] = outcome_as_value(tasks[i]) end
    else
        -- The first task to fail (or be cancelled) raises its error here.
        local failed = core.first_unsuccessful(tasks)
        if failed then task_outcome(failed) end
        for i = 1, #tasks do results[i] = (task_outcome(tasks[i])) end
    end
    return results
end

-- Runs fn under a deadline in loop seconds (asyncio.timeout_at's `async with`).
local function run_until(deadline, fn, ...)
    local me = core.current_task()
    if not me then raise("asyncio.timeout: not inside a task") end
    local cancelling = core.task_cancelling(me)
    local timer = core.arm_timeout(deadline)
    local results = pack(pcall(fn, ...))
    local expired = core.disarm_timeout(timer)
    if expired and core.task_uncancel(me) <= cancelling and not results[1] and CancelledError:is(results[2]) then
        error(TimeoutError(), 3)
    end
    if not results[1] then error(results[2], 0) end
    return unpack(results, 2, results.n)
end

function asyncio.timeout_at(when, fn, ...)
    check_function(fn, 2, "timeout_at")
    if when == nil then return fn(...) end
    check_number(when, 1, "timeout_at")
    return run_until(when, fn, ...)
end

function asyncio.timeout(delay, fn, ...)
    check_function(fn, 2, "timeout")
    if delay == nil then return fn(...) end
    check_number(delay, 1, "timeout")
    return run_until(core.time() + delay, fn, ...)
end

function asyncio.wait_for(aw, timeout)
    local task = ensure_task(aw, 1, "wait_for")
    if timeout == nil then return task:await() end
    check_number(timeout, 2, "wait_for")
    return run_until(core.time() + timeout, task.await, task)
end

---------------------------------------------------------------------------------------------
-- Primitives: the host keeps their state; here are only the awaiting methods.
---------------------------------------------------------------------------------------------

local Semaphore = core.metatables.Semaphore.__index
local try_acquire = core.semaphore_try_acquire

function Semaphore.acquire(sem)
    if try_acquire(sem) then return true end
    return await("acquire", yes, ACQUIRE, sem)
end

-- Runs fn holding a slot; the slot is released on return, error or cancellation.
function Semaphore.with(sem, fn, ...)
    check_function(fn, 1, "with")
    Semaphore.acquire(sem)
    local _ <close> = sem
    return fn(...)
end

asyncio.Semaphore = core.semaphore_new
asyncio.BoundedSemaphore = core.bounded_semaphore_new

local Event = core.metatables.Event.__index
local event_is_set = Event.is_set

function Event.wait(event)
    if event_is_set(event) then return true end
    return await("wait", yes, EVENT_WAIT, event)
end

asyncio.Event = core.event_new

local Queue = core.metatables.Queue.__index
local try_get, try_put, take_reserved, put_reserved = core.queue_try_get, core.queue_try_put,
    core.queue_take_reserved, core.queue_put_reserved

function Queue.get(queue)
    local ok, item = try_get(queue)
    if ok then return item end
    return await("get", take_reserved, QUEUE_GET, queue)
end

function Queue.put(queue, item)
    if try_put(queue, item) then return end
    return await("put", put_reserved, QUEUE_PUT, queue, item)
end

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

function asyncio.Queue(maxsize)
    if maxsize ~= nil and (type(maxsize) ~= "number" or math.tointeger(maxsize) == nil) then
        argerror(1, "Queue", "integer expected, got " .. typename(maxsize))
    end
    local queue = queue_new(maxsize)
    setuserdatameta(queue, {
        __index = setmetatable({ maxsize = queue_maxsize(queue) }, QueueFields),
        __gc = QueueShared.__gc, __tostring = QueueShared.__tostring, __name = "Queue", __metatable = false,
    })
    return queue
end

return asyncio
