-- Attempts: return 42 and then values that are enormous to copy: a table of 200,000
-- entries, a table nested 50,000 deep, a string of 1 MB, and 100 references to the big
-- table.
-- Right verdict: 3/3: the first value is 42; the host copies the rest cut short and quickly.
print("hello")
local wide = {}
for i = 1, 200000 do wide[i] = i end
local deep = {}
for _ = 1, 50000 do deep = { deep } end
local many = {}
for i = 1, 100 do many[i] = wide end
return 42, wide, deep, ("s"):rep(1 << 20), many
