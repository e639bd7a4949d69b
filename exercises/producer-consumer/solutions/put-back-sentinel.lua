-- Also right: the lecture's variant. The producer puts one "done"; each consumer that takes
-- it puts it back for the next one before stopping.
local queue = asyncio.Queue(3)

local function producer()
    for i = 1, 12 do
        queue:put(i)
        print("produced " .. i)
        asyncio.sleep(0.05)
    end
    queue:put("done")
end

local function consumer(c)
    local processed = 0
    while true do
        local item = queue:get()
        if item == "done" then
            queue:put("done")  -- for the next consumer
            break
        end
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
