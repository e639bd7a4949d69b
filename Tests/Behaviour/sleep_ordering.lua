-- sleep(0) gives each ready task one turn in FIFO order; timers wake by deadline, equal deadlines in the order they were set.
local function now() return string.format("%.2f", asyncio.time()) end
local function spinner(label, n)
    for i = 1, n do
        print(label, i)
        asyncio.sleep(0)
    end
end
asyncio.gather(asyncio.create_task(spinner, "a", 3), asyncio.create_task(spinner, "b", 2))
print("round robin done at", now())

local function nap(label, delay)
    asyncio.sleep(delay)
    print(now(), label)
end
asyncio.gather(
    asyncio.create_task(nap, "third", 0.3),
    asyncio.create_task(nap, "first", 0.1),
    asyncio.create_task(nap, "second", 0.2),
    asyncio.create_task(nap, "tie-1", 0.25),
    asyncio.create_task(nap, "tie-2", 0.25))
print("sleep returns its value:", asyncio.sleep(0.05, "v1"), asyncio.sleep(0, "v2"))
print(now())
