---@meta asyncio

-- LuaLS (lua-language-server) definitions for Tide's `asyncio` module: completion, hover
-- documentation and type checks for `asyncio.` calls. Nothing here runs; the module itself
-- is built into Tide. The repository's .luarc.json puts this folder on the library path.
-- docs/api.md is the reference these definitions follow.
--
-- Functions that may suspend the calling task are marked `---@async`, so an editor can
-- show where a task may let others run (LuaLS's "await" hint).

---------------------------------------------------------------------------------------------
-- Shared types
---------------------------------------------------------------------------------------------

---A Task, or a function that is started as a new task (Python's coroutine object).
---@alias asyncio.Awaitable asyncio.Task|async fun(): any

---When `asyncio.wait` returns.
---@alias asyncio.ReturnWhen
---| "ALL_COMPLETED"   # when every task is done (the default)
---| "FIRST_COMPLETED" # when any task is done
---| "FIRST_EXCEPTION" # when any task fails (raises), or when all are done

---@class asyncio.WaitOptions
---@field return_when? asyncio.ReturnWhen When to return: `asyncio.ALL_COMPLETED` (default), `FIRST_COMPLETED` or `FIRST_EXCEPTION`.
---@field timeout? number Return after this many seconds even if `return_when` does not hold yet.

---@class asyncio.GatherOptions
---@field return_exceptions? boolean Put errors in the result list instead of raising the first one.

---@class asyncio.AsCompletedOptions
---@field timeout? number Seconds after which the next step raises TimeoutError.

---------------------------------------------------------------------------------------------
-- The module
---------------------------------------------------------------------------------------------

---Python asyncio's coordination primitives, run by Tide's event loop. Preloaded as the
---global `asyncio`; `require("asyncio")` returns the same table.
---@class asyncio
asyncio = {}

---`asyncio.wait` returns when every task is done (the default).
---@type "ALL_COMPLETED"
asyncio.ALL_COMPLETED = "ALL_COMPLETED"

---`asyncio.wait` returns when any task is done.
---@type "FIRST_COMPLETED"
asyncio.FIRST_COMPLETED = "FIRST_COMPLETED"

---`asyncio.wait` returns when any task fails, or when all are done.
---@type "FIRST_EXCEPTION"
asyncio.FIRST_EXCEPTION = "FIRST_EXCEPTION"

---------------------------------------------------------------------------------------------
-- Running, time and sleep
---------------------------------------------------------------------------------------------

---Runs `fn(...)` as a new task, awaits it and returns its results (`asyncio.run(main)`).
---@async
---@generic R
---@param fn async fun(...): R
---@param ... any arguments for `fn`
---@return R
---@return any ...
function asyncio.run(fn, ...) end

---Seconds since the loop started (0 at start), from the loop's clock; exact on the virtual
---clock.
---@return number
function asyncio.time() end

---Suspends the task for `seconds` and returns `value`. `sleep(0)` yields once: every other
---ready task runs before this one goes on.
---
---```lua
---local v = asyncio.sleep(0.5, "late")  --> "late", half a second later
---```
---@async
---@generic T
---@param seconds number
---@param value? T returned when the sleep ends
---@return T
function asyncio.sleep(seconds, value) end

---------------------------------------------------------------------------------------------
-- Tasks
---------------------------------------------------------------------------------------------

---Starts `fn(...)` as a new task. It runs from the next turn of the loop, once the creating
---task awaits. Tasks are named `Task-1` (the script), `Task-2`, ...
---
---```lua
---local t = asyncio.create_task(function(a, b) asyncio.sleep(1) return a + b end, 1, 2)
---print(t:await())  --> 3
---```
---@param fn async fun(...): any
---@param ... any arguments for `fn`
---@return asyncio.Task
function asyncio.create_task(fn, ...) end

---A Task as it is; a function is started as a new task.
---@param awaitable asyncio.Awaitable
---@return asyncio.Task
function asyncio.ensure_future(awaitable) end

---The running task; nil in a done callback.
---@return asyncio.Task?
function asyncio.current_task() end

---The unfinished tasks, in creation order.
---@return asyncio.Task[]
function asyncio.all_tasks() end

---A function running as a task on the loop: made by `create_task`, or by a combinator from a
---function argument. `tostring(t)` shows its name and state.
---@class asyncio.Task
local Task = {}

---Waits for the task and returns all of its function's results; raises its error unchanged,
---or CancelledError if it was cancelled (Python's `await task`).
---@async
---@return any ...
function Task:await() end

---The results of a finished task, as `await` would return them; raises its error, or
---CancelledError; InvalidStateError if the task is not finished.
---@return any ...
function Task:result() end

---The error of a failed task, nil if it returned. Raises CancelledError if it was cancelled,
---InvalidStateError if it is not finished.
---@return any
function Task:exception() end

---Asks the task to stop: its current or next await raises CancelledError(msg) inside it.
---Returns false if the task is already done.
---@param msg? string
---@return boolean
function Task:cancel(msg) end

---True if the task ended cancelled.
---@return boolean
function Task:cancelled() end

---True if the task has finished: returned, failed or cancelled.
---@return boolean
function Task:done() end

---The task's name, `Task-N` unless set.
---@return string
function Task:get_name() end

---@param name string
function Task:set_name(name) end

---The number of cancellation requests not yet withdrawn (as Python 3.11).
---@return integer
function Task:cancelling() end

---Withdraws one cancellation request; returns how many remain.
---@return integer
function Task:uncancel() end

---Calls `callback(task)` once the task is done, at the next turn, outside any task (the
---callback cannot await).
---@param callback fun(task: asyncio.Task)
function Task:add_done_callback(callback) end

---Removes every registration of `callback`; returns how many there were.
---@param callback fun(task: asyncio.Task)
---@return integer
function Task:remove_done_callback(callback) end

---------------------------------------------------------------------------------------------
-- Combinators
---------------------------------------------------------------------------------------------

---Runs the awaitables concurrently and returns a list of each one's first result, in
---argument order. The first error is raised at once (the others keep running) unless
---`return_exceptions` puts errors in the list. Cancelling the caller cancels every child.
---
---```lua
---local r = asyncio.gather(function() return 1 end, function() asyncio.sleep(1) return 2 end)
---local r = asyncio.gather(tasks, { return_exceptions = true })
---```
---@async
---@param ... asyncio.Awaitable
---@return any[]
---@overload fun(awaitables: asyncio.Awaitable[], options?: asyncio.GatherOptions): any[]
function asyncio.gather(...) end

---Waits until `return_when` holds or the timeout passes, and returns the tasks done and those
---still pending, each list in the order of `tasks`. Never cancels anything.
---
---```lua
---local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
---```
---@async
---@param tasks asyncio.Awaitable[]
---@param options? asyncio.WaitOptions
---@return asyncio.Task[] done
---@return asyncio.Task[] pending
function asyncio.wait(tasks, options) end

---Awaits `awaitable` and returns its results; past `timeout` seconds it is cancelled, awaited
---until it has finished cancelling, and TimeoutError is raised. A nil timeout waits forever.
---@async
---@generic R
---@param awaitable asyncio.Task|async fun(): R
---@param timeout number?
---@return R
---@return any ...
function asyncio.wait_for(awaitable, timeout) end

---Runs `fn(...)` under a deadline `delay` seconds from now (Python's `async with
---asyncio.timeout(delay):`) and returns its results; raises TimeoutError when the deadline
---passes. A nil delay never expires.
---@async
---@generic R
---@param delay number?
---@param fn async fun(...): R
---@param ... any arguments for `fn`
---@return R
---@return any ...
function asyncio.timeout(delay, fn, ...) end

---Like `timeout`, with the deadline as a loop time (`asyncio.time()`), not a delay.
---@async
---@generic R
---@param when number?
---@param fn async fun(...): R
---@param ... any arguments for `fn`
---@return R
---@return any ...
function asyncio.timeout_at(when, fn, ...) end

---Awaits `awaitable` and returns its results; cancelling the caller interrupts only the
---caller's wait, and the shielded task keeps running.
---@async
---@generic R
---@param awaitable asyncio.Task|async fun(): R
---@return R
---@return any ...
function asyncio.shield(awaitable) end

---An iterator for a generic `for` that yields the tasks, finished, in the order they finish;
---each step awaits. With a timeout, the step that would end past it raises TimeoutError.
---
---```lua
---for task in asyncio.as_completed(tasks) do print(task:result()) end
---```
---@param tasks asyncio.Awaitable[]
---@param options? asyncio.AsCompletedOptions
---@return fun(): asyncio.Task? next awaits the next task to finish
function asyncio.as_completed(tasks, options) end

---------------------------------------------------------------------------------------------
-- Task groups
---------------------------------------------------------------------------------------------

---Python's `async with asyncio.TaskGroup() as tg:`. Runs `body(tg, ...)`, waits for every task
---it created with `tg:create_task`, and returns the body's results. The first failure cancels
---the rest; all errors are raised together as one ExceptionGroup (its `errors` field).
---
---```lua
---asyncio.task_group(function(tg)
---    tg:create_task(fetch, "a")
---    tg:create_task(fetch, "b")
---end)
---```
---@async
---@generic R
---@param body async fun(tg: asyncio.TaskGroup, ...): R
---@param ... any arguments for `body` after `tg`
---@return R
---@return any ...
function asyncio.task_group(body, ...) end

---The same function as `asyncio.task_group`.
---@async
---@generic R
---@param body async fun(tg: asyncio.TaskGroup, ...): R
---@param ... any arguments for `body` after `tg`
---@return R
---@return any ...
function asyncio.TaskGroup(body, ...) end

---The group a `task_group` body receives.
---@class asyncio.TaskGroup
local TaskGroup = {}

---Starts `fn(...)` as a task of the group. RuntimeError once the group has finished or is
---shutting down after a failure.
---@param fn async fun(...): any
---@param ... any arguments for `fn`
---@return asyncio.Task
function TaskGroup:create_task(fn, ...) end

---Cancels every task of the group and its body; the group then ends without an error.
function TaskGroup:cancel() end

---------------------------------------------------------------------------------------------
-- Semaphore, BoundedSemaphore, Lock
---------------------------------------------------------------------------------------------

---A semaphore of `value` slots (default 1). Also a to-be-closed value: after `acquire()`,
---`local _ <close> = sem` releases it when the scope ends.
---
---```lua
---local sem = asyncio.Semaphore(3)
---local body = sem:with(function() return fetch() end)
---```
---@param value? integer
---@return asyncio.Semaphore
function asyncio.Semaphore(value) end

---A semaphore whose `release()` raises ValueError when released more times than acquired.
---@param value? integer
---@return asyncio.BoundedSemaphore
function asyncio.BoundedSemaphore(value) end

---@class asyncio.Semaphore
local Semaphore = {}

---Takes a slot, waiting for one if none is free.
---@async
---@return true
function Semaphore:acquire() end

---Gives a slot back, to the first waiter if there is one.
function Semaphore:release() end

---True when an acquire would wait.
---@return boolean
function Semaphore:locked() end

---Runs `fn(...)` holding a slot (Python's `async with sem:`) and returns its results; the
---slot is released on return, on error and on cancellation.
---@async
---@generic R
---@param fn async fun(...): R
---@param ... any arguments for `fn`
---@return R
---@return any ...
function Semaphore:with(fn, ...) end

---@class asyncio.BoundedSemaphore: asyncio.Semaphore

---A mutual-exclusion lock, held by at most one task. Also a to-be-closed value.
---
---```lua
---local lock = asyncio.Lock()
---lock:with(function() balance = read() - amount end)
---```
---@return asyncio.Lock
function asyncio.Lock() end

---@class asyncio.Lock
local Lock = {}

---Takes the lock, waiting while another task holds it.
---@async
---@return true
function Lock:acquire() end

---Gives the lock back, to the first waiter if there is one; RuntimeError if it is not locked.
function Lock:release() end

---True while a task holds the lock.
---@return boolean
function Lock:locked() end

---Runs `fn(...)` holding the lock (Python's `async with lock:`) and returns its results; the
---lock is released on return, on error and on cancellation.
---@async
---@generic R
---@param fn async fun(...): R
---@param ... any arguments for `fn`
---@return R
---@return any ...
function Lock:with(fn, ...) end

---------------------------------------------------------------------------------------------
-- Event and Condition
---------------------------------------------------------------------------------------------

---A flag that starts unset; `set()` wakes every waiter, and the flag stays set until
---`clear()`.
---@return asyncio.Event
function asyncio.Event() end

---@class asyncio.Event
local Event = {}

---Sets the flag and wakes every waiting task.
function Event:set() end

---Unsets the flag.
function Event:clear() end

---@return boolean
function Event:is_set() end

---Waits until the flag is set (returns at once if it is).
---@async
---@return true
function Event:wait() end

---A lock plus a waiting room: wait until state you keep yourself becomes true. Pass a Lock to
---share it among several conditions; by default the condition makes its own.
---
---```lua
---cond:with(function()
---    cond:wait_for(function() return #jobs > 0 end)
---    return table.remove(jobs, 1)
---end)
---```
---@param lock? asyncio.Lock
---@return asyncio.Condition
function asyncio.Condition(lock) end

---@class asyncio.Condition
local Condition = {}

---Takes the condition's lock.
---@async
---@return true
function Condition:acquire() end

---Releases the condition's lock; RuntimeError if it is not locked.
function Condition:release() end

---True while a task holds the condition's lock.
---@return boolean
function Condition:locked() end

---Runs `fn(...)` holding the condition's lock (Python's `async with cond:`) and returns its
---results.
---@async
---@generic R
---@param fn async fun(...): R
---@param ... any arguments for `fn`
---@return R
---@return any ...
function Condition:with(fn, ...) end

---Releases the lock, waits for a notify, and takes the lock again before returning.
---RuntimeError if the lock is not held.
---@async
---@return true
function Condition:wait() end

---Waits (as `wait`) until `predicate()` returns a true value, and returns that value.
---@async
---@generic T
---@param predicate fun(): T
---@return T
function Condition:wait_for(predicate) end

---Wakes up to `n` waiters (default 1), in the order they began to wait. RuntimeError if the
---lock is not held.
---@param n? integer
function Condition:notify(n) end

---Wakes every waiter. RuntimeError if the lock is not held.
function Condition:notify_all() end

---------------------------------------------------------------------------------------------
-- Queues
---------------------------------------------------------------------------------------------

---A FIFO queue of at most `maxsize` items (0 or less, the default: unbounded). Any Lua
---value can be queued, nil included.
---@param maxsize? integer
---@return asyncio.Queue
function asyncio.Queue(maxsize) end

---A queue that hands out the item put last first (a stack).
---@param maxsize? integer
---@return asyncio.LifoQueue
function asyncio.LifoQueue(maxsize) end

---A queue that hands out the smallest item first. Items are numbers, strings, or
---`{priority, item}` tables compared by their first field; equal priorities come out in the
---order they were put.
---@param maxsize? integer
---@return asyncio.PriorityQueue
function asyncio.PriorityQueue(maxsize) end

---@class asyncio.Queue
---@field maxsize integer The capacity; 0 means unbounded.
local Queue = {}

---Appends `item`, waiting while the queue is full. QueueShutDown after `shutdown()`.
---@async
---@param item any
function Queue:put(item) end

---Removes and returns the next item, waiting while the queue is empty. After `shutdown()`,
---QueueShutDown once the queue is empty.
---@async
---@return any
function Queue:get() end

---Appends `item` without waiting: QueueFull if the queue is full.
---@param item any
function Queue:put_nowait(item) end

---Removes and returns the next item without waiting: QueueEmpty if there is none.
---@return any
function Queue:get_nowait() end

---The number of items queued.
---@return integer
function Queue:qsize() end

---@return boolean
function Queue:empty() end

---@return boolean
function Queue:full() end

---Marks one item taken as processed; ValueError if called more times than items were put.
function Queue:task_done() end

---Waits until every item put has been marked done with `task_done()`.
---@async
function Queue:join() end

---Closes the queue: `put` raises QueueShutDown from now on (waiting putters too), and `get`
---raises it once the queue is empty. `immediate` also drops the queued items (counting each
---as done), so waiting getters raise at once.
---@param immediate? boolean
function Queue:shutdown(immediate) end

---@class asyncio.LifoQueue: asyncio.Queue

---@class asyncio.PriorityQueue: asyncio.Queue

---------------------------------------------------------------------------------------------
-- Barrier
---------------------------------------------------------------------------------------------

---Makes `parties` tasks wait for each other: none goes on until all have called `wait()`.
---Refills itself for the next round.
---@param parties integer at least 1
---@return asyncio.Barrier
function asyncio.Barrier(parties) end

---@class asyncio.Barrier
---@field parties integer The number of tasks each round waits for.
local Barrier = {}

---Waits until `parties` tasks wait, and returns this task's arrival index (0 for the first,
---`parties - 1` for the last). BrokenBarrierError after `abort()` or during `reset()`.
---@async
---@return integer
function Barrier:wait() end

---Waiting tasks get BrokenBarrierError; the barrier starts empty again (no longer broken).
function Barrier:reset() end

---Breaks the barrier: every wait, now and later, raises BrokenBarrierError.
function Barrier:abort() end

---How many tasks wait for the current round to fill.
---@return integer
function Barrier:n_waiting() end

---True after `abort()`.
---@return boolean
function Barrier:broken() end

---------------------------------------------------------------------------------------------
-- Errors
---------------------------------------------------------------------------------------------

---An error raised by Tide: `tostring(err)` is `"TimeoutError: message"`.
---@class asyncio.Error
---@field type string The class name, e.g. "TimeoutError".
---@field message any The message given when it was made, if any.
---@field traceback? string The Lua traceback of where it escaped a task.

---A class of errors: call it to make one to raise, `Class:is(err)` to test one.
---
---```lua
---error(asyncio.ValueError("negative size"))
---if asyncio.TimeoutError:is(err) then ... end
---```
---@class asyncio.ErrorClass
---@field type string The class name.
local ErrorClass = {}

---True if `err` is an error of this class.
---@param err any
---@return boolean
function ErrorClass:is(err) end

---@class asyncio.CancelledError: asyncio.Error

---Raised inside a task at its await when the task is cancelled.
---@class asyncio.CancelledErrorClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.CancelledError
asyncio.CancelledError = {}

---@class asyncio.TimeoutError: asyncio.Error

---Raised by `wait_for`, `timeout`, `timeout_at` and `as_completed` when time runs out.
---@class asyncio.TimeoutErrorClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.TimeoutError
asyncio.TimeoutError = {}

---@class asyncio.InvalidStateError: asyncio.Error

---`result()` or `exception()` of an unfinished task.
---@class asyncio.InvalidStateErrorClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.InvalidStateError
asyncio.InvalidStateError = {}

---@class asyncio.QueueFull: asyncio.Error

---Raised by `put_nowait` on a full queue.
---@class asyncio.QueueFullClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.QueueFull
asyncio.QueueFull = {}

---@class asyncio.QueueEmpty: asyncio.Error

---Raised by `get_nowait` on an empty queue.
---@class asyncio.QueueEmptyClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.QueueEmpty
asyncio.QueueEmpty = {}

---@class asyncio.QueueShutDown: asyncio.Error

---Raised by a queue after `shutdown()`: by `put` at once, by `get` once the queue is empty.
---@class asyncio.QueueShutDownClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.QueueShutDown
asyncio.QueueShutDown = {}

---@class asyncio.BrokenBarrierError: asyncio.Error

---Raised by `Barrier:wait()` after `abort()`, or during `reset()`.
---@class asyncio.BrokenBarrierErrorClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.BrokenBarrierError
asyncio.BrokenBarrierError = {}

---@class asyncio.ValueError: asyncio.Error

---A value out of range, e.g. a BoundedSemaphore released more times than acquired.
---@class asyncio.ValueErrorClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.ValueError
asyncio.ValueError = {}

---@class asyncio.RuntimeError: asyncio.Error

---An operation in the wrong state, e.g. releasing a Lock that is not locked.
---@class asyncio.RuntimeErrorClass: asyncio.ErrorClass
---@overload fun(message?: any): asyncio.RuntimeError
asyncio.RuntimeError = {}

---The errors of a task group, raised together.
---@class asyncio.ExceptionGroup: asyncio.Error
---@field errors any[] Each error as it was raised, in the order they happened.

---Raised by a task group: its `errors` field lists the errors of the group's tasks.
---@class asyncio.ExceptionGroupClass: asyncio.ErrorClass
---@overload fun(message?: any, errors?: any[]): asyncio.ExceptionGroup
asyncio.ExceptionGroup = {}

return asyncio
