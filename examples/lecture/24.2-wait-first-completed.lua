-- Example 24.2 — asyncio.wait with FIRST_COMPLETED race pattern
--
-- What to observe: three regions race; `wait` returns as soon as the fastest answers, with
-- the other two still pending. They are cancelled, and `gather` with return_exceptions
-- lets their cancellation finish before the script goes on: `Cancelled 2 slower tasks`.
-- The jitter is random: change `--seed` and another region may win.
local asyncio = require("asyncio")                         -- line 1
local time = asyncio                                       -- line 2
local random = math.random                                 -- line 3

local function uniform(a, b) return a + (b - a) * random() end

local function queryRegion(regionName, baseDelay)          -- line 4
    local jitter = uniform(0, 0.3)                         -- line 5
    local delay = baseDelay + jitter                       -- line 6
    asyncio.sleep(delay)                                   -- line 7
    return string.format("Response from %s in %.2fs", regionName, delay)  -- line 8
end

local function main()                                      -- line 9
    local regions = {                                      -- line 10
        asyncio.create_task(queryRegion, "us-east", 0.2),  -- line 11
        asyncio.create_task(queryRegion, "eu-west", 0.3),  -- line 12
        asyncio.create_task(queryRegion, "ap-south", 0.4), -- line 13
    }                                                      -- line 14

    local done, pending = asyncio.wait(                    -- line 15
        regions,                                           -- line 16
        { return_when = asyncio.FIRST_COMPLETED }          -- line 17
    )                                                      -- line 18

    local fastestTask = table.remove(done)                 -- line 19
    print(string.format("Winner: %s", fastestTask:result()))  -- line 20

    for _, task in ipairs(pending) do                      -- line 21
        task:cancel()                                      -- line 22
    end
    asyncio.gather(pending, { return_exceptions = true })  -- line 23
    print(string.format("Cancelled %d slower tasks", #pending))  -- line 24
end

asyncio.run(main)                                          -- line 25
