-- Attempts: await inside a string.gsub replacement function, and a plain coroutine.yield
-- there too (inside a coroutine made by the script).
-- Right verdict: 2/3: prints hello, then fails with "cannot await here" naming the
-- gsub replacement; no crash.
print("hello")
local co = coroutine.wrap(function()
    return ("abc"):gsub("%w", function(c) coroutine.yield(c) return c end)
end)
pcall(co)
local s = ("abc"):gsub("%w", function(c) asyncio.sleep(0) return c:upper() end)
return 42
