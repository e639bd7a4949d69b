-- to_thread: W workers (arg 2, default 2) each run a CPU-bound loop of N steps on a worker
-- thread, gathered: on two cores, two take about as long as one.
local N = tonumber(arg[1]) or 10000000
local W = tonumber(arg[2]) or 2
local function spin(n)
    local x = 0
    for i = 1, n do x = (x + i * 7) % 1000003 end
    return x
end
local jobs = {}
for w = 1, W do jobs[w] = function() return asyncio.to_thread(spin, N) end end
local results = asyncio.gather(table.unpack(jobs))
for w = 2, W do
    if results[w] ~= results[1] then error("to_thread: workers disagree") end
end
