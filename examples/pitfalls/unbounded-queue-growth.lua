-- Pitfall: an unbounded queue (example 24.4 without maxsize).
--
-- The producer makes an item every 1 ms, the consumer needs 10 ms each. With no maxsize
-- nothing slows the producer, and the queue grows until memory runs out. Tide reports the
-- growth; the fix is asyncio.Queue(100), whose put waits while the queue is full.
local queue = asyncio.Queue()

local function producer()
    for i = 1, 2000 do
        queue:put(i)
        asyncio.sleep(0.001)
    end
    queue:put(nil)
end

local function consumer()
    local count = 0
    while queue:get() ~= nil do
        count = count + 1
        asyncio.sleep(0.01)
    end
    print("consumed " .. count)
end

asyncio.gather(producer, consumer)
