-- Attempts: recursion through metamethods — __index that indexes itself, __add that adds
-- itself, __concat, __eq, __lt, __len, __newindex — each until the C stack limit, caught by pcall;
-- then behaves.
-- Right verdict: 3/3: every recursion ends in a catchable "C stack overflow" (or "stack
-- overflow") error, and the run goes on to print hello and return 42.
local loop = {}
local mt = {}
mt.__index = function(t, k) return t[k] end
mt.__add = function(a, b) return a + b end
mt.__concat = function(a, b) return a .. b end
mt.__lt = function(a, b) return a < b end
mt.__newindex = function(t, k, v) t[k] = v end
mt.__len = function(self) return #self end
setmetatable(loop, mt)
local errors = 0
for _, f in ipairs({
    function() return loop.x end,
    function() return loop + 1 end,
    function() return loop .. "x" end,
    function() return loop < loop end,
    function() loop.y = 1 end,
    function() return #loop end,
}) do
    if not pcall(f) then errors = errors + 1 end
end
assert(errors == 6, "a metamethod recursion did not fail")
print("hello")
return 42
