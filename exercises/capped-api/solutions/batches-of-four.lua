-- Wrong, a little: batches of four, each waiting for its slowest call before the next starts.
local sim = require("sim")
local profiles = sim.service{ name = "profiles", latency = { 0.1, 0.3 }, concurrency = 4,
    respond = function(id) return "user-" .. id end }

local start = asyncio.time()
for first = 1, 12, 4 do
    local calls = {}
    for id = first, first + 3 do
        calls[#calls + 1] = function()
            local response = profiles:call(id)
            print(string.format("profile %d: %s in %.3fs", id, response.body, response.latency))
        end
    end
    asyncio.gather(calls)
end
print(string.format("fetched 12 profiles in %.2fs", asyncio.time() - start))
