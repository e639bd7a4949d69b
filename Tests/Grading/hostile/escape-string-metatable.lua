-- Attempts: change the metatable every string shares (so ("x"):anything runs script code
-- in whoever indexes a string next): getmetatable(""), setmetatable on a string, rawset on
-- the protected value, and string.__index through require("string").
-- Right verdict: 1/3, failing at the first step: getmetatable("") is the string "string",
-- which cannot be indexed for assignment.
local mt = getmetatable("")
mt.__index = function() return function() return 42 end end
print(("hello"):upper())
return ("x"):anything()
