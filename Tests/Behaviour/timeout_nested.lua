-- Nested timeouts: whichever deadline passes raises TimeoutError at its own level; the inner one sees only CancelledError for the outer.
local function now() return string.format("%.2f", asyncio.time()) end
print(pcall(asyncio.timeout, 1, function()
    local ok, err = pcall(asyncio.timeout, 0.2, asyncio.sleep, 5)
    print(now(), "inner:", ok, tostring(err))
    asyncio.sleep(0.1)
    return "outer body finished"
end))
print(now())

local ok, err = pcall(asyncio.timeout, 0.2, function()
    local ok2, err2 = pcall(asyncio.timeout, 1, asyncio.sleep, 5)
    print(now(), "inner saw:", ok2, tostring(err2))
    error(err2, 0)
end)
print(now(), ok, tostring(err))
print("cancelling:", asyncio.current_task():cancelling())
