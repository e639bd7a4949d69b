-- Closing a coroutine whose await is in flight takes its task off the wait, as a cancel
-- would: a queue item or a lock goes to the next waiter instead of to a dead await, and
-- the task that carried the await learns the coroutine was closed.
local function now() return string.format("%.2f", asyncio.time()) end

-- A generator parked in Queue:get, closed by another task before an item arrives.
local q = asyncio.Queue()
local generator = coroutine.create(function()
    while true do coroutine.yield(q:get()) end
end)
local reader = asyncio.create_task(function()
    print(now(), "reader:", coroutine.resume(generator))
end)
asyncio.sleep(0)
print(now(), "close generator:", coroutine.close(generator), coroutine.status(generator))
q:put_nowait("kept")
print(now(), "qsize after put:", q:qsize())
print(now(), "main gets:", q:get())

-- A coroutine.wrap generator parked on a held lock, closed from inside its own body's
-- caller chain by another task that found it through coroutine.running.
local lock = asyncio.Lock()
lock:acquire()
local locker
local wrapped = coroutine.wrap(function()
    locker = coroutine.running()
    lock:acquire()
    print("never: acquired")
end)
local carrier = asyncio.create_task(function() print(now(), "carrier:", pcall(wrapped)) end)
asyncio.sleep(0)
print(now(), "close locker:", coroutine.close(locker), coroutine.status(locker))
lock:release()
print(now(), "lock free after release:", not lock:locked())
asyncio.sleep(0)
print(now(), "carrier done:", carrier:done(), "lock still free:", not lock:locked())

-- A coroutine parked on a sleep, closed while its task is also being cancelled: the
-- cancel is not lost.
local sleeper = coroutine.create(function() asyncio.sleep(5) end)
local cancelled = asyncio.create_task(function() coroutine.resume(sleeper) end)
asyncio.sleep(0)
cancelled:cancel("stop")
coroutine.close(sleeper)
local ok, err = pcall(cancelled.await, cancelled)
print(now(), "cancelled task:", cancelled:cancelled(), ok, tostring(err))

-- A resume by hand after the close reports the close.
print(now(), "resume after close:", coroutine.resume(generator))
asyncio.sleep(0)
print(now(), "reader done:", reader:done())
