-- Example 24.1 — asyncio.Semaphore for rate limiting
--
-- What to observe: nine sessions, but never more than three inside the semaphore at once.
-- Three start at 0.00, three at 0.30, three at 0.60; the run takes 0.90s in all.
-- Run it on the virtual clock (`tide run --clock virtual`) and it finishes at once and
-- prints exactly `All done in 0.90s`.
local asyncio = require("asyncio")                         -- line 1
local time = asyncio                                       -- line 2  (time.perf_counter → asyncio.time)

local MAX_CONCURRENT = 3                                   -- line 3
local semaphore = asyncio.Semaphore(MAX_CONCURRENT)        -- line 4

local function fetchWithLimit(sessionId, delay)            -- line 5
    return semaphore:with(function()                       -- line 6  (async with semaphore:)
        print(string.format("[%.2f] Session %d: started", time.time(), sessionId))  -- line 7
        asyncio.sleep(delay)                               -- line 8
        print(string.format("[%.2f] Session %d: done", time.time(), sessionId))  -- line 9
        return "result_" .. sessionId                      -- line 10
    end)
end

local function main()                                      -- line 11
    local tasks = {}                                       -- line 12
    for i = 0, 8 do                                        -- line 14
        tasks[#tasks + 1] = function() return fetchWithLimit(i, 0.3) end  -- line 13
    end                                                    -- line 15
    local start = time.time()                              -- line 16
    local results = asyncio.gather(table.unpack(tasks))    -- line 17
    local elapsed = time.time() - start                    -- line 18
    print(string.format("All done in %.2fs", elapsed))     -- line 19
    print("Results: " .. table.concat(results, ", "))      -- line 20
end

asyncio.run(main)                                          -- line 21
