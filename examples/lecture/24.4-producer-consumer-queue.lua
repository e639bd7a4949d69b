-- Example 24.4 — Async producer-consumer with asyncio.Queue
--
-- What to observe: a single `nil` sentinel, put back by each consumer that sees it, stops
-- both consumers, and all 10 items are processed.
--
-- Backpressure: the queue holds at most 5 items, and `put` makes the producer wait while it
-- is full. With the lecture's numbers the two consumers (0.08s each, 25 items/s together)
-- outpace the producer (one item per 0.05s, 20/s), so the queue never fills. Give the
-- consumers a slower pace as the script's argument to watch the queue fill and the producer
-- throttle to the consumers' speed:
--     tide run --clock virtual examples/lecture/24.4-producer-consumer-queue.lua 0.3
local asyncio = require("asyncio")                         -- line 1
local time = asyncio                                       -- line 2
local random = math.random                                 -- line 3

local consumerDelay = tonumber(arg and arg[1]) or 0.08  -- (not in the lecture: see above)

local function show(item) return string.format("{id: %d, value: %d}", item.id, item.value) end

local function dataProducer(queue, numItems)               -- line 4
    for itemId = 0, numItems - 1 do                        -- line 5
        local item = { id = itemId, value = random(1, 100) }  -- line 6
        queue:put(item)                                    -- line 7
        print("Produced: " .. show(item))                  -- line 8
        asyncio.sleep(0.05)                                -- line 9
    end
    queue:put(nil)                                         -- line 10  sentinel
end

local function dataConsumer(consumerId, queue, results)    -- line 11
    while true do                                          -- line 12
        local item = queue:get()                           -- line 13
        if item == nil then                                -- line 14
            queue:put(nil)                                 -- line 15  re-put for other consumers
            break                                          -- line 16
        end
        local processed = item.value * 3                   -- line 17
        results[#results + 1] = { id = item.id, result = processed }  -- line 18
        print(string.format("Consumer %d: processed item %d → %d", consumerId, item.id, processed))  -- line 19
        asyncio.sleep(consumerDelay)                       -- line 20
    end
end

local function main()                                      -- line 21
    local queue = asyncio.Queue(5)                         -- line 22
    local results = {}                                     -- line 23
    asyncio.gather(                                        -- line 24
        function() return dataProducer(queue, 10) end,     -- line 25
        function() return dataConsumer(1, queue, results) end,  -- line 26
        function() return dataConsumer(2, queue, results) end   -- line 27
    )                                                      -- line 28
    print(string.format("Total processed: %d", #results))  -- line 29
end

asyncio.run(main)                                          -- line 30
