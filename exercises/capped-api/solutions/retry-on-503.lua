-- Wrong: no limit, but every 503 is retried after a pause. Every profile arrives, while the
-- API is hammered with calls it rejects.
local sim = require("sim")
local profiles = sim.service{ name = "profiles", latency = { 0.1, 0.3 }, concurrency = 4,
    respond = function(id) return "user-" .. id end }

local function fetch(id)
    while true do
        local response = profiles:call(id)
        if response.ok then
            print(string.format("profile %d: %s in %.3fs", id, response.body, response.latency))
            return
        end
        asyncio.sleep(0.05)
    end
end

local start = asyncio.time()
local calls = {}
for id = 1, 12 do calls[id] = function() return fetch(id) end end
asyncio.gather(calls)
print(string.format("fetched 12 profiles in %.2fs", asyncio.time() - start))
