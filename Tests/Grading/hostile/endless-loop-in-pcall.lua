-- An endless loop inside pcall: the instruction limit must not be swallowed.
print("hello")
while true do pcall(function() while true do end end) end
