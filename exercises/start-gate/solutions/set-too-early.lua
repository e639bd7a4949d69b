-- Wrong: the loader opens the gate before the configuration is in place, so the workers
-- start at once, with no region.
local config = {}
local loaded = asyncio.Event()

local function loader()
    local duration = 0.3 + 0.4 * math.random()
    loaded:set()
    asyncio.sleep(duration)
    config.region = "eu-west"
    print("configuration loaded")
end

local function worker(name, arrives)
    asyncio.sleep(arrives)
    loaded:wait()
    print(name .. " started with " .. tostring(config.region))
end

local jobs = { loader }
for n = 1, 5 do jobs[#jobs + 1] = function() worker("worker-" .. n, 0) end end
jobs[#jobs + 1] = function() worker("late-worker", 1.0) end
asyncio.gather(table.unpack(jobs))
print("all workers started")
