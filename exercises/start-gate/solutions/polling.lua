-- Wrong: slide 11's "polling" side. The workers check a shared flag every 10 ms instead of
-- waiting on an Event: they wake a hundred times for nothing and start up to 10 ms late.
local config, ready = {}, false

local function loader()
    local duration = 0.3 + 0.4 * math.random()
    asyncio.sleep(duration)
    config.region = "eu-west"
    print("configuration loaded")
    ready = true
end

local function worker(name, arrives)
    asyncio.sleep(arrives)
    while not ready do asyncio.sleep(0.01) end
    print(name .. " started with " .. config.region)
end

local jobs = { loader }
for n = 1, 5 do jobs[#jobs + 1] = function() worker("worker-" .. n, 0) end end
jobs[#jobs + 1] = function() worker("late-worker", 1.0) end
asyncio.gather(table.unpack(jobs))
print("all workers started")
