-- An await where the task cannot be suspended (a table.sort comparator) raises a clear error; a bare coroutine.yield in a task fails it clearly.
local ok, err = pcall(table.sort, { 3, 1, 2 }, function(a, b)
    asyncio.sleep(0)
    return a < b
end)
print(ok)
print(err)
asyncio.sleep(0.1)
print("the task still runs at", string.format("%.2f", asyncio.time()))

local t = asyncio.create_task(function() coroutine.yield("hello") end)
print(pcall(t.await, t))
