-- Attempts: return one 200 KB string from 2,000 table slots, so that copying the result
-- out for the checks would take 400 MB. Right verdict: 2/3 (prints hello; the copy stops
-- at its budget, so "returns 42" fails), no memory blow-up in the worker.
print("hello")
local s = string.rep("x", 200000)
local t = {}
for i = 1, 2000 do t[i] = s end
return t
