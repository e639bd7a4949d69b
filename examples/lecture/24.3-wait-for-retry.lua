-- Example 24.3 — asyncio.wait_for with timeout and retry
--
-- What to observe: each call waits at most 0.5s. Most calls are slower (0.1s–2.0s), so
-- `wait_for` cancels them and raises TimeoutError, and the caller retries, up to three
-- attempts. The three callers retry independently, side by side.
local asyncio = require("asyncio")                         -- line 1
local random = math.random                                 -- line 2

local function uniform(a, b) return a + (b - a) * random() end

local function unreliableApi(apiId)                        -- line 3
    local delay = uniform(0.1, 2.0)                        -- line 4
    print(string.format("API %s: will respond in %.2fs", apiId, delay))  -- line 5
    asyncio.sleep(delay)                                   -- line 6
    return string.format("API %s response", apiId)         -- line 7
end

local function callWithTimeout(apiId, timeoutSeconds, maxRetries)  -- line 8
    for attempt = 1, maxRetries do                         -- line 9
        local ok, result = pcall(asyncio.wait_for,         -- line 10 (try:) and line 11
            function() return unreliableApi(apiId) end,    -- line 12
            timeoutSeconds                                 -- line 13
        )                                                  -- line 14
        if ok then
            print(string.format("API %s succeeded on attempt %d", apiId, attempt))  -- line 15
            return result                                  -- line 16
        elseif asyncio.TimeoutError:is(result) then        -- line 17
            print(string.format("API %s attempt %d timed out", apiId, attempt))  -- line 18
        else
            error(result, 0)                               -- (anything else is not ours to catch)
        end
    end
    return string.format("API %s failed after %d attempts", apiId, maxRetries)  -- line 19
end

local function main()                                      -- line 20
    local results = asyncio.gather(                        -- line 21
        function() return callWithTimeout("A", 0.5, 3) end,  -- line 22
        function() return callWithTimeout("B", 0.5, 3) end,  -- line 23
        function() return callWithTimeout("C", 0.5, 3) end   -- line 24
    )                                                      -- line 25
    for _, result in ipairs(results) do                    -- line 26
        print(result)                                      -- line 27
    end
end

asyncio.run(main)                                          -- line 28
