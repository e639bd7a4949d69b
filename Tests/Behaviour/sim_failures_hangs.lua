-- sim: failures answer 500 and hangs never answer until cancelled, each for its fraction of calls (fixed seed).
local sim = require("sim")
local flaky = sim.service{ name = "flaky", latency = 0.01, failures = 0.25 }
local fails = 0
for i = 1, 4000 do
    if flaky:call(i).status == 500 then fails = fails + 1 end
end
print("500s", fails, math.abs(fails / 4000 - 0.25) < 0.02)
local s = flaky:stats()
print(s.calls, s.by_status[200] + s.by_status[500])

local stuck = sim.service{ name = "stuck", latency = 0.1, hangs = 0.5 }
local timeouts, answers = 0, 0
for i = 1, 200 do
    local ok, r = pcall(asyncio.wait_for, function() return stuck:call(i) end, 0.5)
    if ok then answers = answers + 1 elseif asyncio.TimeoutError:is(r) then timeouts = timeouts + 1 end
end
s = stuck:stats()
print("answers", answers, "timeouts", timeouts, "hung", s.hung, "cancelled", s.hung_cancelled, "hanging", s.hanging)
print(math.abs(s.hung / 200 - 0.5) < 0.1, s.hung == timeouts, s.in_flight)

-- A hung call left alone is still hanging when the script looks; the run cancels it at exit.
local always = sim.service{ name = "always-hangs", hangs = 1 }
local t = asyncio.create_task(function() return always:call("x") end)
asyncio.sleep(10)
s = always:stats()
print(t:done(), s.hung, s.hanging, s.hung_cancelled)
t:cancel()
print(pcall(t.await, t))
s = always:stats()
print(s.hanging, s.hung_cancelled, s.cancelled)
