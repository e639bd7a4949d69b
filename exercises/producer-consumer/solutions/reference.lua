-- Reference solution: one producer, three consumers, a Queue(3) and one "done" per consumer.
local CONSUMERS = 3
local queue = asyncio.Queue(3)

local function producer()
    for i = 1, 12 do
        queue:put(i)                  -- waits while the queue is full: backpressure
        print("produced " .. i)
        asyncio.sleep(0.05)
    end
    for _ = 1, CONSUMERS do queue:put("done") end
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

local jobs = { producer }
for c = 1, CONSUMERS do jobs[#jobs + 1] = function() return consumer(c) end end
local counts = asyncio.gather(table.unpack(jobs))
local total = 0
for c = 1, CONSUMERS do total = total + counts[c + 1] end
print("total " .. total)
return total
