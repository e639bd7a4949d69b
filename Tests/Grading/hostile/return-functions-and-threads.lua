-- Attempts: return 42 followed by values that cannot be copied as data: functions (Lua and
-- C), a suspended coroutine, the main task's own thread, a Task, an Event, a Queue, a
-- table with userdata keys, and integer edge values.
-- Right verdict: 3/3: the first value is 42; the rest arrive as opaque placeholders.
print("hello")
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
local q = asyncio.Queue()
return 42, print, function() end, co, coroutine.running(), asyncio.current_task(), asyncio.Event(), q,
    { [q] = 1, [math.mininteger] = 2, [math.maxinteger] = 3, [0.5] = 4, [true] = 5 }, 0 / 0, math.huge
