-- Cheat: six worker tasks, but no gate. Each sleeps until the moment the replayed draw says
-- the configuration will be loaded, and prints; the event is set with nobody waiting on it.
local loaded = asyncio.Event()
local ready_at = 0.3 + 0.4 * math.random()

local function pretend(name, at)
    asyncio.sleep(at)
    print(name .. " started with eu-west")
end

local jobs = { function()
    asyncio.sleep(ready_at)
    print("configuration loaded")
    loaded:set()
end }
for n = 1, 5 do jobs[#jobs + 1] = function() pretend("worker-" .. n, ready_at) end end
jobs[#jobs + 1] = function() pretend("late-worker", 1.0) end
asyncio.gather(table.unpack(jobs))
print("all workers started")
