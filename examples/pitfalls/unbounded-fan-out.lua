-- Pitfall: unbounded fan-out (slide 2).
--
-- Every request starts at once: 5,000 tasks hit the "API" together, as
-- gather(*(fetch() for _ in range(5000))) would. Tide notices the pile-up and says so.
-- The fix is the lecture's Semaphore: wrap the call in sem:with(...) to cap concurrency.
local function fetch(i)
    asyncio.sleep(0.1)  -- the remote call
    return i
end

local calls = {}
for i = 1, 5000 do calls[i] = function() return fetch(i) end end
local results = asyncio.gather(calls)
print(#results .. " responses")
