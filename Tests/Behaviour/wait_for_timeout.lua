-- wait_for returns the results in time; on timeout it cancels the inner task, waits for it to finish cancelling, then raises TimeoutError.
local function now() return string.format("%.2f", asyncio.time()) end
print(asyncio.wait_for(function()
    asyncio.sleep(0.1)
    return "quick", "second"
end, 0.5))
print(now())

local inner = asyncio.create_task(function()
    local ok, err = pcall(asyncio.sleep, 1)
    print(now(), "inner cancelled:", tostring(err))
    asyncio.sleep(0.2)
    print(now(), "inner cleanup done")
    error(err, 0)
end)
local ok, err = pcall(asyncio.wait_for, inner, 0.3)
print(now(), ok, tostring(err), asyncio.TimeoutError:is(err), inner:cancelled())
print("cancelling:", asyncio.current_task():cancelling())

print(asyncio.wait_for(asyncio.create_task(asyncio.sleep, 2, "no timeout"), nil), now())

-- An error from the awaitable passes through unchanged.
print(pcall(asyncio.wait_for, function() error("inner error", 0) end, 1))
print(now())
