-- A body that catches the cancellation of its expiring timeout carries on with no TimeoutError; wait_for returns what a swallowing task returns.
local function now() return string.format("%.2f", asyncio.time()) end
local r = asyncio.timeout(0.2, function()
    local ok, err = pcall(asyncio.sleep, 1)
    print(now(), "caught", tostring(err))
    asyncio.sleep(0.1)
    return "carried on"
end)
print(now(), r, "cancelling:", asyncio.current_task():cancelling())

local stubborn = asyncio.create_task(function()
    local ok, err = pcall(asyncio.sleep, 1)
    print(now(), "stubborn caught", tostring(err))
    asyncio.current_task():uncancel()
    return "partial result"
end)
print(asyncio.wait_for(stubborn, 0.2))
print(now(), stubborn:cancelled(), "cancelling:", asyncio.current_task():cancelling())
