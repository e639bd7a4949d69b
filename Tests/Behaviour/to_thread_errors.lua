-- What cannot be copied to a worker is refused before it starts, saying why; what a worker
-- raises is raised in the awaiting task; cancelling the task stops the worker.
local sem = asyncio.Semaphore(1)
print(pcall(asyncio.to_thread, function() return sem end))
local co = coroutine.create(print)
print(pcall(asyncio.to_thread, function() return co end))
local holder = { name = "holder", callback = function() end }
print(pcall(asyncio.to_thread, function() return holder.name end))
local env = setmetatable({}, { __index = _G })
print(pcall(asyncio.to_thread, function() local _ENV = env return type(1) end))
local cycle = {}
cycle.self = cycle
print(pcall(asyncio.to_thread, function(t) return t end, cycle))
print(pcall(asyncio.to_thread, function(x) return x end, sem))
print(pcall(asyncio.to_thread, asyncio.sleep, 1))
print(asyncio.to_thread(string.rep, "ab", 3))
print(pcall(asyncio.to_thread, 42))
print(pcall(asyncio.run_in_executor, "pool", function() end))
print(pcall(asyncio.to_thread, function() return function() end end))
-- Errors: a string keeps its place, a table its fields.
print(pcall(asyncio.to_thread, function() error("boom") end))
local ok, err = pcall(asyncio.to_thread, function() error({ code = 7, why = "bad input" }) end)
print(ok, err.code, err.why)
-- Cancelled while it spins: the worker is stopped, the task sees CancelledError.
local spinner = asyncio.create_task(asyncio.to_thread, function() while true do end end)
asyncio.sleep(0)
spinner:cancel()
ok, err = pcall(spinner.await, spinner)
print(ok, asyncio.CancelledError:is(err))
-- wait_for on a worker that finishes in time.
print(asyncio.wait_for(function() return asyncio.to_thread(function() return "in time" end) end, 1))
-- A worker started inside a coroutine of the task (a generator) still suspends the task.
local gen = coroutine.wrap(function() coroutine.yield(asyncio.to_thread(function() return "from a generator" end)) end)
print(gen())
-- Awaited where nothing can suspend, it says so.
print(pcall(table.sort, { 2, 1 }, function(a, b) asyncio.to_thread(function() end) return a < b end))
