-- The host's functions keep raw addresses in their upvalues; debug.setupvalue refuses them,
-- and a forged request marker yielded alone fails the task instead of leaving it stuck.
print(pcall(debug.setupvalue, asyncio.sleep, 1, nil))
print(pcall(debug.setupvalue, asyncio.Event().wait, 3, false))
local n = 0
local function counter() return n end
print(debug.setupvalue(counter, 1, 41), counter())  -- a Lua closure's upvalue still can

local function find(f, depth)
    if depth > 3 then return end
    for i = 1, 60 do
        local name, value = debug.getupvalue(f, i)
        if not name then break end
        if name == "REQUEST" then return value end
        if type(value) == "function" then
            local found = find(value, depth + 1)
            if found then return found end
        end
    end
end
local marker = find(coroutine.resume, 0)
local forged = asyncio.create_task(function() coroutine.yield(marker) end)
asyncio.sleep(0.1)
print(forged:done(), pcall(forged.await, forged))

print(pcall(asyncio.sleep, asyncio.Event()))
print(pcall(asyncio.sleep, setmetatable({}, { __name = "Widget" })))
