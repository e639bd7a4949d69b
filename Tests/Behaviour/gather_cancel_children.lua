-- Cancelling a task blocked in gather cancels every unfinished child; the gathering task gets CancelledError.
local function now() return string.format("%.2f", asyncio.time()) end
local function child(label, delay)
    local ok, err = pcall(asyncio.sleep, delay)
    print(now(), label, ok and "finished" or tostring(err))
    if not ok then error(err, 0) end
    return label
end
local early = asyncio.create_task(function() return "early" end)
local c1 = asyncio.create_task(child, "c1", 1)
local c2 = asyncio.create_task(child, "c2", 2)
local parent = asyncio.create_task(function()
    local ok, err = pcall(asyncio.gather, early, c1, c2)
    print(now(), "parent caught", tostring(err))
    error(err, 0)
end)
asyncio.sleep(0.5)
print("cancel parent:", parent:cancel())
local ok, err = pcall(parent.await, parent)
print(ok, tostring(err), parent:cancelled(), early:cancelled(), c1:cancelled(), c2:cancelled())

-- With return_exceptions the children are cancelled too, and the gathering task still gets CancelledError.
local c3 = asyncio.create_task(child, "c3", 1)
local parent2 = asyncio.create_task(function()
    local ok2, err2 = pcall(asyncio.gather, { c3 }, { return_exceptions = true })
    print(now(), "parent2 caught", tostring(err2))
    error(err2, 0)
end)
asyncio.sleep(0.5)
parent2:cancel()
print(pcall(parent2.await, parent2))
print(now(), parent2:cancelled(), c3:cancelled())
