-- Lua 5.4 to-be-closed variables of a cancelled task run, innermost first, with the CancelledError, before anyone sees the task done.
local function closer(name)
    return setmetatable({}, { __close = function(_, err) print("close", name, tostring(err)) end })
end
local t = asyncio.create_task(function()
    local a <close> = closer("a")
    do
        local b <close> = closer("b")
        asyncio.sleep(10)
        print("never reached")
    end
end)
asyncio.sleep(0.1)
t:cancel()
print("cancel requested")
local ok, err = pcall(t.await, t)
print(ok, tostring(err), t:cancelled())

-- They run on a normal return and on an error too.
local u = asyncio.create_task(function()
    local c <close> = closer("c")
    asyncio.sleep(0.1)
    error("failed", 0)
end)
print(pcall(u.await, u))
