-- t:await() returns every result of the task, nils included; awaiting a finished task again returns them again.
local function now() return string.format("%.2f", asyncio.time()) end

local t = asyncio.create_task(function(x)
    asyncio.sleep(0.1)
    return x, nil, x * 2, nil
end, 21)
local results = table.pack(t:await())
print(now(), results.n, results[1], results[2], results[3], results[4])
print(now(), t:await())
print(now(), t:result())

local empty = asyncio.create_task(function() end)
print("no results:", select("#", empty:await()))

-- Several tasks awaiting the same task all get its results.
local shared = asyncio.create_task(asyncio.sleep, 0.2, "shared value")
local a = asyncio.create_task(function() return "a got " .. shared:await() end)
local b = asyncio.create_task(function() return "b got " .. shared:await() end)
print(a:await())
print(b:await())
print(now())
