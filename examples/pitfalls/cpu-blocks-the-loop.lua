-- Pitfall: CPU work inside a task blocks the loop.
--
-- The heartbeat should tick every 100 ms, but the checksum runs for half a second without
-- awaiting, and no other task runs meanwhile: the heartbeat falls silent. Tide names the
-- task and the line it was on (--slow-task-ms, 100 ms by default). The fix: await
-- asyncio.sleep(0) every few thousand iterations, or move the work out of the loop.
local function heartbeat()
    for _ = 1, 5 do
        print(string.format("tick at %.1fs", asyncio.time()))
        asyncio.sleep(0.1)
    end
end

local function checksum()
    local started, sum = os.clock(), 0
    while os.clock() - started < 0.5 do sum = (sum + 7) % 1000003 end
    return sum
end

local beat = asyncio.create_task(heartbeat)
asyncio.sleep(0.15)
checksum()
beat:await()
