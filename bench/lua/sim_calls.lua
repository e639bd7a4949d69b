-- sim_calls: N calls to one simulated service (latency uniform in [1 ms, 5 ms), 1% failures),
-- one task per call, on the virtual clock; bench/python/sim_calls.py fakes the same service
-- with asyncio.sleep in CPython.
local sim = require("sim")
local N = tonumber(arg[1]) or 100000

local api = sim.service{ name = "api", latency = { 0.001, 0.005 }, failures = 0.01 }

local tasks = {}
for i = 1, N do tasks[i] = asyncio.create_task(api.call, api, i) end
local responses = asyncio.gather(tasks)

local s = api:stats()
local ok, failed = s.by_status[200] or 0, s.by_status[500] or 0
if #responses ~= N or s.calls ~= N or ok + failed ~= N or failed == 0 or s.peak ~= N then
    error(string.format("sim_calls: %d responses, %d calls, %d ok, %d failed, peak %d", #responses, s.calls, ok, failed,
        s.peak))
end
