-- Event: set() wakes every waiter in order, wait() on a set event returns true without yielding, clear() makes new waiters block.
local function now() return string.format("%.2f", asyncio.time()) end
local ev = asyncio.Event()
print(ev:is_set(), tostring(ev))
for i = 1, 3 do
    asyncio.create_task(function()
        local woke = ev:wait()
        print(now(), "waiter", i, "woke:", woke)
    end)
end
asyncio.sleep(0.2)
print(tostring(ev))
ev:set()
print(now(), "set", ev:is_set(), tostring(ev))
asyncio.sleep(0)

local ran = false
asyncio.create_task(function() ran = true end)
print("wait on a set event:", ev:wait(), "other task ran:", ran)
asyncio.sleep(0)

ev:clear()
print("cleared", ev:is_set())
local late = asyncio.create_task(function()
    ev:wait()
    print(now(), "late waiter woke")
end)
asyncio.sleep(0.5)
print(now(), "late waiter done:", late:done())
ev:set()
ev:clear()
late:await()
print(now(), "set then clear still woke it", ev:is_set())
