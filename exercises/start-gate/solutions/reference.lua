-- Reference solution: the workers wait on an Event; the loader sets it once the
-- configuration is in place, which wakes them all at that moment.
local config = {}
local loaded = asyncio.Event()

local function loader()
    local duration = 0.3 + 0.4 * math.random()
    asyncio.sleep(duration)
    config.region = "eu-west"
    print("configuration loaded")
    loaded:set()
end

local function worker(name, arrives)
    asyncio.sleep(arrives)
    loaded:wait()
    print(name .. " started with " .. config.region)
end

local jobs = { loader }
for n = 1, 5 do jobs[#jobs + 1] = function() worker("worker-" .. n, 0) end end
jobs[#jobs + 1] = function() worker("late-worker", 1.0) end
asyncio.gather(table.unpack(jobs))
print("all workers started")
