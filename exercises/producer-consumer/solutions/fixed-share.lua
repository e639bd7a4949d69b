-- Wrong: no sentinel. Each consumer takes exactly four items and stops, a fixed count
-- instead of the shutdown signal: it only works because 12 divides evenly and every
-- consumer happens to get its share.
local queue = asyncio.Queue(3)

local function producer()
    for i = 1, 12 do
        queue:put(i)
        print("produced " .. i)
        asyncio.sleep(0.05)
    end
end

local function consumer(c)
    local processed = 0
    for _ = 1, 4 do
        local item = queue:get()
        asyncio.sleep(0.3)
        print("consumer " .. c .. " processed " .. item)
        processed = processed + 1
    end
    return processed
end

local counts = asyncio.gather(
    producer,
    function() return consumer(1) end,
    function() return consumer(2) end,
    function() return consumer(3) end)
local total = counts[2] + counts[3] + counts[4]
print("total " .. total)
return total
