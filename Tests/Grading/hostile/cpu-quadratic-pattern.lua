-- Attempts: a quadratic search in one C call: find(".-b") over a string of a million a's
-- tries every start and scans to the end from each (10^12 steps).
-- Right verdict: 2/3, stopped by the wall time limit or the worker's CPU limit.
print("hello")
local s = ("a"):rep(1000000)
return s:find(".-b") or 42
