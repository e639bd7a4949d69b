-- asyncio.timeout(delay, fn, ...) and timeout_at(when, fn, ...) return fn's results in time and raise TimeoutError when the deadline passes.
local function now() return string.format("%.2f", asyncio.time()) end
print(asyncio.timeout(0.5, function(a, b)
    asyncio.sleep(0.2)
    return a, b
end, "x", "y"))
print(now())

local ok, err = pcall(asyncio.timeout, 0.3, function()
    local slept, cancel = pcall(asyncio.sleep, 1)
    print(now(), "body interrupted by", tostring(cancel))
    error(cancel, 0)
end)
print(now(), ok, tostring(err), asyncio.TimeoutError:is(err))

print(asyncio.timeout_at(asyncio.time() + 0.1, function() return "at" end), now())
ok, err = pcall(asyncio.timeout_at, 1.0, asyncio.sleep, 2)
print(now(), ok, tostring(err))

print(asyncio.timeout(nil, function()
    asyncio.sleep(3)
    return "no deadline"
end), now())
print(asyncio.timeout_at(nil, asyncio.sleep, 0.5, "nil when"), now())

-- Errors from the body pass through; the deadline does not outlive the block.
print(pcall(asyncio.timeout, 0.2, function() error("body error", 0) end))
asyncio.sleep(1)
print(now(), "cancelling:", asyncio.current_task():cancelling())
