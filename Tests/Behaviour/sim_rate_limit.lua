-- sim: a rate limit {n, per = s} admits n calls in any window of s seconds and answers the rest 429 with Retry-After.
local sim = require("sim")
local api = sim.service{ name = "api", latency = 0.05, rate = { 2, per = 1 } }

local calls = {}
for i = 1, 4 do calls[i] = function() return api:call(i) end end
for i, r in ipairs(asyncio.gather(calls)) do
    print(i, r.status, r.ok, r.body, r.headers["Retry-After"])
end

-- Honouring Retry-After gets every call through.
local function polite(i)
    while true do
        local r = api:call(i)
        if r.status ~= 429 then return r end
        asyncio.sleep(r.headers["Retry-After"])
    end
end
local t0 = asyncio.time()
calls = {}
for i = 1, 5 do calls[i] = function() return polite(i).status end end
print(table.concat(asyncio.gather(calls), " "), string.format("%.3f", asyncio.time() - t0))
local s = api:stats()
print(s.calls, s.by_status[200], s.by_status[429], s.peak)
