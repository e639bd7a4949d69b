-- Wrong: every call at once. The API answers eight of them 503.
local sim = require("sim")
local profiles = sim.service{ name = "profiles", latency = { 0.1, 0.3 }, concurrency = 4,
    respond = function(id) return "user-" .. id end }

local start = asyncio.time()
local calls = {}
for id = 1, 12 do
    calls[id] = function()
        local response = profiles:call(id)
        print(string.format("profile %d: %s in %.3fs", id, response.body, response.latency))
    end
end
asyncio.gather(calls)
print(string.format("fetched 12 profiles in %.2fs", asyncio.time() - start))
