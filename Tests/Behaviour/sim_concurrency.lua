-- sim: a concurrency cap answers 503 past n calls at once, or queues them with queue = true; peak counts what the client sent.
local sim = require("sim")
local capped = sim.service{ name = "capped", latency = 0.3, concurrency = 3 }
local queued = sim.service{ name = "queued", latency = 0.3, concurrency = 3, queue = true }

local function fan_out(service, n)
    local calls = {}
    for i = 1, n do
        calls[i] = function()
            local r = service:call(i)
            print(string.format("%s %d: %d %s at %.3f (latency %.3f)", service.name, i, r.status, r.body, asyncio.time(), r.latency))
            return r.status
        end
    end
    return asyncio.gather(calls)
end

fan_out(capped, 5)
local s = capped:stats()
print("capped", s.calls, s.by_status[200], s.by_status[503], s.peak, s.in_flight)

fan_out(queued, 7)
s = queued:stats()
print("queued", s.calls, s.by_status[200], s.by_status[503], s.peak, s.queued, asyncio.time())

-- A guarded fan-out never sees a 503.
local guarded = sim.service{ name = "guarded", latency = 0.1, concurrency = 2 }
local gate = asyncio.Semaphore(2)
local calls = {}
for i = 1, 6 do calls[i] = function() return gate:with(function() return guarded:call(i).status end) end end
local statuses = asyncio.gather(calls)
s = guarded:stats()
print("guarded", table.concat(statuses, " "), s.peak, s.by_status[503], asyncio.time())
print(tostring(guarded))
