-- Attempts: one enormous allocation, string.rep("x", 2^30) (a gigabyte: 2^40
-- would be refused by string.rep itself as "resulting string too large", allocating nothing), caught by pcall,
-- then carry on as if nothing happened.
-- Right verdict: 1/3 with "memory limit of 16 MiB exceeded": the allocator refuses the
-- block, and although pcall catches the "not enough memory" error, the limit still ends
-- the run before it prints.
local ok = pcall(string.rep, "x", 1 << 30)
for _ = 1, 10000 do local _ = {} end
print("hello")
return 42
