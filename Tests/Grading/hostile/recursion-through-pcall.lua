-- Attempts: recursion in which every level is a pcall (a C function), so the C stack, not
-- the Lua stack, runs out; the innermost error is caught at every level on the way out.
-- Also the error-handler variant of CVE-2022-33099: xpcall(loop, loop).
-- Right verdict: 3/3: "C stack overflow" is caught, the run prints hello and returns 42.
local depth = 0
local function nest() depth = depth + 1 return pcall(nest) end
nest()
local function loop() assert(pcall(loop)) end
xpcall(loop, loop)
print("hello")
return depth > 0 and 42
