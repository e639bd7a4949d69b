-- An error raised in a gathered worker is reported where it was raised, in the worker's
-- task, with each await that carried it to the main task.
local function worker(n)
    asyncio.sleep(0.1 * n)
    if n == 2 then error(asyncio.ValueError("bad input " .. n)) end
    return n
end

local function main()
    local results = asyncio.gather(function() return worker(1) end, function() return worker(2) end)
    return results
end

print("start")
asyncio.run(main)
