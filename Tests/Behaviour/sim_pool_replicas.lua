-- sim: a pool of connections makes callers wait for one (PoolTimeout past its timeout); replicas are services of different speed.
local sim = require("sim")
local db = sim.service{ name = "db", latency = 0.2 }
local pool = sim.pool{ size = 2, service = db, timeout = 0.3 }

local calls = {}
for i = 1, 5 do
    calls[i] = function()
        local ok, r = pcall(pool.call, pool, "SELECT " .. i)
        print(string.format("%.1f query %d: %s", asyncio.time(), i, ok and r.status or tostring(r)))
        return ok
    end
end
asyncio.gather(calls)
local ps = pool:stats()
print(tostring(pool), ps.peak, ps.waits, ps.timeouts, db:stats().peak)

-- with(fn) hands the connection to fn and takes it back however fn ends.
print(pcall(pool.with, pool, function(conn) conn:call("x"); error("boom", 0) end))
print(tostring(pool), sim.PoolTimeout:is(select(2, pcall(error, sim.PoolTimeout("t")))))

local regions = sim.replicas{
    respond = function(request) return "pong " .. request end,
    { name = "us-east", latency = { 0.2, 0.5 } },
    { name = "eu-west", latency = { 0.3, 0.6 } },
    { name = "ap-south", latency = 0.4, failures = 1 },
}
local tasks = {}
for i, region in ipairs(regions) do
    tasks[i] = asyncio.create_task(function() return region:call("ping") end)
end
local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
local r = done[1]:result()
print(#regions, r.service, r.status, r.body, string.format("%.3f", r.latency), #pending)
for _, t in ipairs(pending) do t:cancel() end
asyncio.gather(pending, { return_exceptions = true })
for _, region in ipairs(regions) do
    local s = region:stats()
    print(region.name, s.calls, s.cancelled, s.by_status[200], s.by_status[500])
end
local all = sim.services()
print(all["eu-west"] == regions[2], all.db == db)
