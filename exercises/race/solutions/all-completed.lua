-- Wrong: waits for ALL_COMPLETED and then picks the fastest answer. The race lasts as long
-- as the slowest mirror, and by then the "losers" have finished: cancel() does nothing.
local MIRRORS = { { "alpha", 0.2 }, { "beta", 0.3 }, { "gamma", 0.4 } }

local function query(name, base)
    local latency = base + 0.3 * math.random()
    local ok, err = pcall(asyncio.sleep, latency)
    if not ok then
        print(name .. " cancelled")
        error(err, 0)
    end
    return name, latency
end

local tasks = {}
for i, mirror in ipairs(MIRRORS) do
    tasks[i] = asyncio.create_task(query, mirror[1], mirror[2])
    tasks[i]:set_name(mirror[1])
end

local done = asyncio.wait(tasks, { return_when = asyncio.ALL_COMPLETED })
local best, bestLatency
for _, task in ipairs(done) do
    local name, latency = task:result()
    if not best or latency < bestLatency then best, bestLatency = name, latency end
end
print(string.format("winner: %s in %.2fs", best, bestLatency))

local losers = {}
for _, task in ipairs(tasks) do
    if task:get_name() ~= best then
        task:cancel()
        losers[#losers + 1] = task
    end
end
asyncio.gather(losers, { return_exceptions = true })
print(string.format("cancelled %d slower mirrors", #losers))
return best
