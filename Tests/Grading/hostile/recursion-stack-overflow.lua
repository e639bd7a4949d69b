-- Attempts: unbounded recursion that is not a tail call, until the Lua stack overflows.
-- Right verdict: 2/3: prints hello, then fails with "stack overflow" (or, if the growing
-- stack hits it first, the memory limit is named). Either way no crash.
print("hello")
local function dive(n) return 1 + dive(n + 1) end
return dive(1)
