-- sim: each latency distribution over 10,000 draws from a fixed seed: its mean, spread and tail are what it promises.
local sim = require("sim")
local N = 10000

local function summary(draws)
    table.sort(draws)
    local sum, sq = 0, 0
    for _, v in ipairs(draws) do sum = sum + v end
    local mean = sum / #draws
    for _, v in ipairs(draws) do sq = sq + (v - mean) ^ 2 end
    local function p(q) return draws[math.ceil(q * #draws)] end
    return { mean = mean, sd = math.sqrt(sq / (#draws - 1)), min = draws[1], max = draws[#draws], p50 = p(0.5),
        p99 = p(0.99) }
end

local function near(a, b, tolerance) return math.abs(a - b) <= tolerance end

local function show(name, s, checks)
    print(string.format("%-12s mean %.4f sd %.4f p50 %.4f p99 %.4f min %.4f max %.4f", name, s.mean, s.sd, s.p50,
        s.p99, s.min, s.max))
    for label, ok in pairs(checks) do if not ok then print("  FAILED: " .. label) end end
end

local s = summary(sim.sample(0.25, N, 7))
show("constant", s, { all = s.min == 0.25 and s.max == 0.25 })

s = summary(sim.sample({ 0.1, 0.5 }, N, 7))
show("{min, max}", s, { mean = near(s.mean, 0.3, 0.005), sd = near(s.sd, 0.4 / math.sqrt(12), 0.005),
    range = s.min >= 0.1 and s.max < 0.5 })

s = summary(sim.sample(sim.uniform(1, 3), N, 7))
show("uniform", s, { mean = near(s.mean, 2, 0.02), range = s.min >= 1 and s.max < 3 })

s = summary(sim.sample(sim.normal(0.2, 0.05), N, 7))
show("normal", s, { mean = near(s.mean, 0.2, 0.002), sd = near(s.sd, 0.05, 0.002),
    p99 = near(s.p99, 0.2 + 2.326 * 0.05, 0.005) })

s = summary(sim.sample(sim.normal(0.05, 0.1), N, 7))
show("normal >= 0", s, { floor = s.min == 0 })

s = summary(sim.sample(sim.exponential(0.1), N, 7))
show("exponential", s, { mean = near(s.mean, 0.1, 0.003), sd = near(s.sd, 0.1, 0.004),
    p50 = near(s.p50, 0.1 * math.log(2), 0.003), p99 = near(s.p99, 0.1 * math.log(100), 0.03) })

s = summary(sim.sample(sim.lognormal(0.1, 1), N, 7))
show("lognormal", s, { p50 = near(s.p50, 0.1, 0.004), p99 = near(s.p99, 0.1 * math.exp(2.326), 0.1),
    tail = s.p99 / s.p50 > 8 })

s = summary(sim.sample(sim.pareto(0.05, 2), N, 7))
show("pareto", s, { min = s.min >= 0.05, p50 = near(s.p50, 0.05 * 2 ^ 0.5, 0.003),
    p99 = near(s.p99, 0.05 * 100 ^ 0.5, 0.06), mean = near(s.mean, 0.1, 0.01) })

local capped = sim.exponential(1)
capped.max = 2
s = summary(sim.sample(capped, N, 7))
show("capped", s, { cap = s.max == 2 })

-- A service's stats see the same distribution through its calls.
local api = sim.service{ name = "api", latency = sim.exponential(0.1) }
local calls = {}
for i = 1, 500 do calls[i] = function() return api:call(i) end end
asyncio.gather(calls)
local st = api:stats()
print(string.format("service      p50 %.4f p90 %.4f p99 %.4f mean %.4f max %.4f", st.latency.p50, st.latency.p90,
    st.latency.p99, st.latency.mean, st.latency.max))
print(near(st.latency.mean, 0.1, 0.01), st.peak, asyncio.time() == st.latency.max)

-- The same seed gives the same draws; another seed others.
print(sim.sample(sim.normal(1, 1), 3, 5)[3] == sim.sample(sim.normal(1, 1), 3, 5)[3],
    sim.sample(sim.normal(1, 1), 1, 5)[1] ~= sim.sample(sim.normal(1, 1), 1, 6)[1])
