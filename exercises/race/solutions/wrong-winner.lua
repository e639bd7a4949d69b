-- Wrong: reports alpha, the mirror with the lowest base latency, as the winner instead of
-- asking the task that finished first. With the jitter, alpha does not always win.
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

local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
local _, latency = done[1]:result()
local name = MIRRORS[1][1]  -- the closest mirror
print(string.format("winner: %s in %.2fs", name, latency))

for _, task in ipairs(pending) do task:cancel() end
asyncio.gather(pending, { return_exceptions = true })
print(string.format("cancelled %d slower mirrors", #pending))
return name
