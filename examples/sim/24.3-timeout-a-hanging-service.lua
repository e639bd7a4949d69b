-- Example 24.3 against a service that hangs — every external call needs a deadline
--
-- What to observe: the payments API answers in 0.1s to 1.0s, and one call in four never
-- answers at all (slide 6). wait_for(…, 0.5) cancels each slow or hung call and the caller
-- retries; the stats at the end show every hung call cancelled, none left hanging. Run it
-- with the argument `no-deadline` and the first hung call waits forever: Tide reports the
-- deadlock instead of hanging with it.
--
--   tide run --clock virtual --stats examples/sim/24.3-timeout-a-hanging-service.lua
local sim = require("sim")
local withDeadline = not (arg and arg[1] == "no-deadline")

local payments = sim.service{ name = "payments", latency = { 0.1, 1.0 }, hangs = 0.25 }

local function callWithTimeout(apiId, timeoutSeconds, maxRetries)
    for attempt = 1, maxRetries do
        local ok, result = pcall(asyncio.wait_for, function() return payments:call(apiId) end,
            withDeadline and timeoutSeconds or nil)
        if ok then
            print(string.format("API %s succeeded on attempt %d (%.2fs)", apiId, attempt, result.latency))
            return "API " .. apiId .. " response"
        elseif asyncio.TimeoutError:is(result) then
            print(string.format("API %s attempt %d timed out", apiId, attempt))
        else
            error(result, 0)
        end
    end
    return string.format("API %s failed after %d attempts", apiId, maxRetries)
end

local function main()
    local results = asyncio.gather(
        function() return callWithTimeout("A", 0.5, 3) end,
        function() return callWithTimeout("B", 0.5, 3) end,
        function() return callWithTimeout("C", 0.5, 3) end)
    for _, result in ipairs(results) do print(result) end
    local s = payments:stats()
    print(string.format("payments: %d calls, %d hung, %d of them cancelled, %d still hanging", s.calls, s.hung,
        s.hung_cancelled, s.hanging))
end

asyncio.run(main)
