-- Attempts: the endless loop inside an __index metamethod, reached from Lua code inside a
-- pcall, retried forever.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded".
print("hello")
local trap = setmetatable({}, { __index = function() while true do end end })
while true do pcall(function() return trap.x end) end
