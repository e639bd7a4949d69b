-- Pitfall: polling a shared flag.
--
-- The worker checks a boolean every 10 ms instead of waiting to be told. It works, but it
-- wakes up a hundred times a second for nothing and reacts late. Tide spots the pattern;
-- the fix is an asyncio.Event: the worker calls ready:wait(), the producer ready:set().
local ready = false

local function producer()
    asyncio.sleep(0.5)
    ready = true
end

local function worker()
    while not ready do asyncio.sleep(0.01) end
    print(string.format("worker saw the flag at %.2fs", asyncio.time()))
end

asyncio.gather(producer, worker)
