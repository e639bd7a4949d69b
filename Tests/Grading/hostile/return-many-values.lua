-- Attempts: return 42 followed by 7,000 more values (near Lua's limit on results).
-- Right verdict: 3/3.
print("hello")
local t = { 42 }
for i = 2, 7000 do t[i] = i end
return table.unpack(t)
