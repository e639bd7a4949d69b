-- Wrong: one consumer does all the work, so the twelve items take 3.6 s instead of 1.3 s.
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
        if item == "done" then break end
        asyncio.sleep(0.3)
        print("consumer " .. c .. " processed " .. item)
        processed = processed + 1
    end
    return processed
end

local counts = asyncio.gather(producer, function() return consumer(1) end)
print("total " .. counts[2])
return counts[2]
