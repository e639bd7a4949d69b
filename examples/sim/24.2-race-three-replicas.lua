-- Example 24.2 against replicas — asyncio.wait(FIRST_COMPLETED) races three regions
--
-- What to observe: the same request goes to three regional replicas of different speed
-- (slide 5); the first answer wins and the two slower calls are cancelled and drained.
-- Each replica draws its latency from its own stream of the run's seed, so the winner
-- changes with `--seed` and never with the order of the code. The replicas' stats show
-- one call each, two of them cancelled.
--
--   tide run --clock virtual --seed 3 examples/sim/24.2-race-three-replicas.lua
local sim = require("sim")

local regions = sim.replicas{
    respond = function(query) return "rows for " .. query end,
    { name = "us-east", latency = { 0.2, 0.5 } },          -- baseDelay + uniform(0, 0.3)
    { name = "eu-west", latency = { 0.3, 0.6 } },
    { name = "ap-south", latency = { 0.4, 0.7 } },
}

local function queryRegion(region)
    local response = region:call("SELECT 1")
    return string.format("Response from %s in %.2fs", response.service, response.latency)
end

local function main()
    local tasks = {}
    for i, region in ipairs(regions) do tasks[i] = asyncio.create_task(queryRegion, region) end
    local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
    print("Winner: " .. done[1]:result())
    for _, task in ipairs(pending) do task:cancel() end
    asyncio.gather(pending, { return_exceptions = true })
    print(string.format("Cancelled %d slower tasks", #pending))
    for _, region in ipairs(regions) do
        local s = region:stats()
        print(string.format("  %-8s calls %d, answered %d, cancelled %d", region.name, s.calls, s.by_status[200] or 0,
            s.cancelled))
    end
end

asyncio.run(main)
