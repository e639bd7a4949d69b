-- Attempts: return tables whose __index, __pairs, __len, __eq, __tostring, __name and __gc
-- raise or loop forever, so that a checker that reads them runs script code.
-- Right verdict: 2/3: prints hello; "returns 42" lost (the first value is a table, even if
-- its __eq claims to equal everything); the host reads none of the metamethods.
print("hello")
local function spin() while true do end end
local mt = { __index = spin, __pairs = spin, __len = spin, __eq = function() return true end,
    __tostring = spin, __name = "number", __gc = spin, __lt = spin, __le = spin, __metatable = 42 }
return setmetatable({ 42 }, mt), setmetatable({}, mt)
