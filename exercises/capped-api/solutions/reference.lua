-- Reference solution: twelve calls through a Semaphore(4), gathered at once.
local sim = require("sim")
local profiles = sim.service{ name = "profiles", latency = { 0.1, 0.3 }, concurrency = 4,
    respond = function(id) return "user-" .. id end }

local slots = asyncio.Semaphore(4)

local function fetch(id)
    return slots:with(function()
        local response = profiles:call(id)
        print(string.format("profile %d: %s in %.3fs", id, response.body, response.latency))
        return response.body
    end)
end

local start = asyncio.time()
local calls = {}
for id = 1, 12 do calls[id] = function() return fetch(id) end end
asyncio.gather(calls)
print(string.format("fetched 12 profiles in %.2fs", asyncio.time() - start))
