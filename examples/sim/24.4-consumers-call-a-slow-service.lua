-- Example 24.4 against a slow service — the queue's maxsize throttles the producer
--
-- What to observe: each consumer stores its item in a database whose writes take about
-- 0.25s but now and then much longer (a long-tailed lognormal latency; slide 8's slow
-- consumer). The producer makes an item every 0.05s; when the two consumers fall behind,
-- the queue fills to its maxsize of 5 and `put` waits: backpressure, not memory growth.
-- The database never sees more than two writes at once, one per consumer.
--
--   tide run --clock virtual --stats examples/sim/24.4-consumers-call-a-slow-service.lua
local sim = require("sim")

local db = sim.service{ name = "db-writes", latency = sim.lognormal(0.25, 0.5) }

local function dataProducer(queue, numItems)
    for itemId = 0, numItems - 1 do
        local item = { id = itemId, value = math.random(1, 100) }
        queue:put(item)
        print(string.format("[%.2f] Produced: {id: %d, value: %d} (queue %d)", asyncio.time(), item.id, item.value,
            queue:qsize()))
        asyncio.sleep(0.05)
    end
    queue:put(nil)                                         -- the sentinel
end

local function dataConsumer(consumerId, queue, results)
    while true do
        local item = queue:get()
        if item == nil then
            queue:put(nil)                                 -- re-put for the other consumer
            break
        end
        local processed = item.value * 3
        local response = db:call({ id = item.id, result = processed })
        results[#results + 1] = { id = item.id, result = processed }
        print(string.format("[%.2f] Consumer %d: stored item %d → %d (%.2fs)", asyncio.time(), consumerId, item.id,
            processed, response.latency))
    end
end

local function main()
    local queue = asyncio.Queue(5)
    local results = {}
    asyncio.gather(
        function() dataProducer(queue, 10) end,
        function() dataConsumer(1, queue, results) end,
        function() dataConsumer(2, queue, results) end)
    local s = db:stats()
    print(string.format("Total processed: %d; db writes p50 %.2fs, max %.2fs, peak %d at once", #results,
        s.latency.p50, s.latency.max, s.peak))
end

asyncio.run(main)
