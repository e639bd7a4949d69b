-- Each awaiting method waits the same from a coroutine inside a task as from the task itself:
-- the wait passes up through the resumes to the loop, and the wakeup comes back down.
local function now() return string.format("%.2f", asyncio.time()) end
local ev, q, sem = asyncio.Event(), asyncio.Queue(1), asyncio.Semaphore(0)

local function inside(fn) return coroutine.wrap(fn)() end

local waiter = asyncio.create_task(function()
    local got = inside(function() return ev:wait() end)
    print(now(), "event:", got)
    got = inside(function() return q:get() end)
    print(now(), "get:", got)
    inside(function() q:put("second") end)
    inside(function() q:put("third") end)
    print(now(), "put waited for room")
    got = inside(function() return sem:acquire() end)
    print(now(), "acquire:", got)
    sem:release()
    got = inside(function() return asyncio.sleep(0.5, "slept") end)
    print(now(), "sleep:", got)
end)

asyncio.sleep(1)
ev:set()
asyncio.sleep(1)
q:put("first")
asyncio.sleep(1)
print(now(), "main took", q:get())
asyncio.sleep(1)
print(now(), "main took", q:get())
sem:release()
waiter:await()
print(now(), "done", sem:locked())
