-- Wrong: only the main task waits on the event, and starts the workers after it; the
-- workers never wait for anything, and start one turn late.
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
    print(name .. " started with " .. config.region)
end

local load = asyncio.create_task(loader)
local late = asyncio.create_task(function() asyncio.sleep(1.0) loaded:wait() print("late-worker started with " .. config.region) end)
loaded:wait()
local jobs = {}
for n = 1, 5 do jobs[n] = function() worker("worker-" .. n, 0) end end
asyncio.gather(table.unpack(jobs))
load:await()
late:await()
print("all workers started")
