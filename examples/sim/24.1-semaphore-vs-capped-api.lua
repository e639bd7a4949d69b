-- Example 24.1 against a service — asyncio.Semaphore keeps a fan-out under the API's cap
--
-- What to observe: the API serves at most three calls at once and answers the rest
-- `503 Service Unavailable` (slide 2's 429 is the same lesson for rates). With the
-- Semaphore(3) every session gets 200, in three batches: `All done in 0.90s`. Run it with the
-- argument `unguarded` and the same nine sessions go out at once: six 503s come back at
-- 0.00s, and the API's stats show a peak of nine calls in flight.
--
--   tide run --clock virtual --stats examples/sim/24.1-semaphore-vs-capped-api.lua
--   tide run --clock virtual --stats examples/sim/24.1-semaphore-vs-capped-api.lua unguarded
local sim = require("sim")
local unguarded = arg and arg[1] == "unguarded"

local api = sim.service{
    name = "sessions-api",
    latency = 0.3,
    concurrency = 3,                                       -- the vendor's stated limit
    respond = function(sessionId) return "result_" .. sessionId end,
}

local MAX_CONCURRENT = 3
local semaphore = asyncio.Semaphore(MAX_CONCURRENT)

local function fetch(sessionId)
    print(string.format("[%.2f] Session %d: started", asyncio.time(), sessionId))
    local response = api:call(sessionId)
    print(string.format("[%.2f] Session %d: %d %s", asyncio.time(), sessionId, response.status,
        response.ok and "done" or response.body))
    return response.ok and response.body or ("error_" .. response.status)
end

local function fetchWithLimit(sessionId)
    if unguarded then return fetch(sessionId) end
    return semaphore:with(fetch, sessionId)                -- async with semaphore:
end

local function main()
    local tasks = {}
    for i = 0, 8 do tasks[#tasks + 1] = function() return fetchWithLimit(i) end end
    local start = asyncio.time()
    local results = asyncio.gather(tasks)
    print(string.format("All done in %.2fs", asyncio.time() - start))
    print("Results: " .. table.concat(results, ", "))
    local stats = api:stats()
    print(string.format("API: %d calls, %d answered 200, %d answered 503, peak %d in flight", stats.calls,
        stats.by_status[200] or 0, stats.by_status[503] or 0, stats.peak))
end

asyncio.run(main)
