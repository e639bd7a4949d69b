-- Attempts: coroutines resuming coroutines resuming coroutines, a thousand deep (each
-- resume is a C-level recursion in the host's thread), and gsub callbacks calling gsub.
-- Right verdict: 3/3: both end in a catchable "C stack overflow" error; hello, 42.
local function deeper(n)
    if n == 0 then return 0 end
    return coroutine.wrap(function() return deeper(n - 1) + 1 end)()
end
local ok1 = pcall(deeper, 1000)
local function gsubby(s) return (s:gsub(".", gsubby)) end
local ok2 = pcall(gsubby, "recursion")
assert(not ok1 and not ok2, "expected both to overflow")
print("hello")
return 42
