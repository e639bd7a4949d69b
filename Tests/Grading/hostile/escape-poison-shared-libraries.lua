-- Attempts: overwrite shared library functions (string.find, string.rep, table.concat,
-- tostring, ipairs, type, math.random) hoping the checks, which call them, run in the same
-- state and so can be fooled into passing; prints "goodbye", not "hello".
-- Right verdict: 1/3 — "prints hello" lost (the checks run in the exercise's own state),
-- "returns 42" lost (it returns 41), the seed check passes. A 3/3 means the checks were
-- fooled.
string.find = function() return 1, 1 end
string.match = function() return "hello" end
string.rep = function() return "hello" end
table.concat = function() return "" end
tostring = function() return "hello" end
ipairs = function() return function() end end
type = function() return "number" end
math.random = function() return 42 end
print("goodbye")
return 41
