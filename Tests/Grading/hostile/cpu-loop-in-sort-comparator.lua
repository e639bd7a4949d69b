-- Attempts: the endless loop inside a table.sort comparator (a C function calling Lua, so
-- the hook cannot yield and must raise), with the sort in a pcall retried forever: each
-- time the hook raises, pcall catches it and the loop starts another sort.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded". "CPU time limit
-- exceeded" means the script caught its way past the instruction limit.
print("hello")
while true do
    pcall(table.sort, { 3, 2, 1 }, function() while true do end end)
end
