-- Attempts: fill one allocation size class up to the memory limit, drop it, then the next,
-- so that freed blocks held back for reuse would add up to many times the limit.
-- Right verdict: the memory limit, or a normal run within it; never an out-of-memory worker.
print("hello")
for class = 1, 30 do
    local len = math.max(1, class * 16 - 24)
    local t = {}
    pcall(function()
        for i = 1, (8 * 1024 * 1024) // (class * 16 + 16) do
            t[i] = string.format("%0" .. len .. "d", i):sub(1, len)
        end
    end)
    t = nil
    collectgarbage()
end
return 42
