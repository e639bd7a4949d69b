-- sim: during an outage calls raise ConnectionRefusedError; a call in flight when one starts raises ConnectionResetError; both are ConnectionErrors.
local sim = require("sim")
local db = sim.service{ name = "db", latency = 0.4, outages = { { 1, 2 }, { 5, 6 } } }

local function try(label)
    local ok, r = pcall(db.call, db, label)
    if ok then
        print(string.format("%.1f %s: %d", asyncio.time(), label, r.status))
    else
        print(string.format("%.3f %s: %s refused=%s reset=%s connection=%s timeout=%s", asyncio.time(), label, tostring(r),
            tostring(sim.ConnectionRefusedError:is(r)), tostring(sim.ConnectionResetError:is(r)),
            tostring(sim.ConnectionError:is(r)), tostring(asyncio.TimeoutError:is(r))))
    end
end

try("before")                 -- 0.0 → 0.4
asyncio.sleep(0.4)            -- 0.8
try("crosses the start")      -- would end at 1.2: reset at 1.0
try("inside")                 -- refused at 1.0
asyncio.sleep(1)              -- 2.0: back up
try("after")
local s = db:stats()
print(s.calls, s.by_status[200], s.refused, s.reset, s.in_flight)
print(sim.ConnectionRefusedError, sim.ConnectionError:is("plain string"))
