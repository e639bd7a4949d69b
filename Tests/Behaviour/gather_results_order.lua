-- gather returns each awaitable's first result in argument order (not finishing order), for varargs, a list, tasks and functions.
local function now() return string.format("%.2f", asyncio.time()) end
local function after(delay, value, extra)
    asyncio.sleep(delay)
    print(now(), "finished", value)
    return value, extra
end

local slow = asyncio.create_task(after, 0.3, "slow")
local r = asyncio.gather(
    slow,
    function() return after(0.1, "fast", "dropped") end,
    function() return after(0.2, nil) end)
print(now(), r[1], r[2], r[3], r[4])

r = asyncio.gather({
    asyncio.create_task(after, 0.2, "one"),
    asyncio.create_task(after, 0.1, "two"),
    function() return "three" end,
})
print(now(), #r, r[1], r[2], r[3])

-- A finished task can be gathered; no awaitables gives an empty list.
print(asyncio.gather(slow)[1], #asyncio.gather(), #asyncio.gather({}))
print(now())
