-- Attempts: the endless loop inside __tostring, called by tostring (a C function, so
-- nothing can yield) inside a pcall retried forever; and a gsub replacement callback the
-- same way.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded". "CPU time limit
-- exceeded" means the limit was caught and swallowed.
print("hello")
local spinner = setmetatable({}, { __tostring = function() while true do end end })
while true do
    pcall(tostring, spinner)
    pcall(string.gsub, "abc", "%w", function() while true do end end)
end
