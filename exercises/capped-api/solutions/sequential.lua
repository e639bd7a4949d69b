-- Wrong: one call at a time. Never a 503, but four times slower than it may be.
local sim = require("sim")
local profiles = sim.service{ name = "profiles", latency = { 0.1, 0.3 }, concurrency = 4,
    respond = function(id) return "user-" .. id end }

local start = asyncio.time()
for id = 1, 12 do
    local response = profiles:call(id)
    print(string.format("profile %d: %s in %.3fs", id, response.body, response.latency))
end
print(string.format("fetched 12 profiles in %.2fs", asyncio.time() - start))
