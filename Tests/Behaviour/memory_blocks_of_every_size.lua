-- Blocks of every size class and of many chunks, made, grown, shrunk and dropped in turns:
-- what each holds must survive the allocator's reuse of what the others gave back.
local function check(label, ok) if not ok then error(label .. " lost its contents", 2) end end

local kept = {}
for round = 1, 3 do
    local strings, tables = {}, {}
    for size = 1, 40000, round == 2 and 97 or 331 do
        strings[#strings + 1] = string.rep(string.char(65 + size % 26), size)
        local t = {}
        for i = 1, size // 64 do t[i] = i * round end
        tables[#tables + 1] = t
    end
    for i, s in ipairs(strings) do
        if i % 3 == 0 then kept[#kept + 1] = s end
        check("string " .. i, #s == 1 + (i - 1) * (round == 2 and 97 or 331))
    end
    for i, t in ipairs(tables) do
        for j = 1, #t do check("table " .. i, t[j] == j * round) end
    end
    strings, tables = nil, nil
    collectgarbage()
end
-- A table grown past many chunks and shrunk back.
local big = {}
for i = 1, 200000 do big[i] = i end
for i = 200000, 11, -1 do big[i] = nil end
collectgarbage()
local sum = 0
for i = 1, #big do sum = sum + big[i] end
print("kept strings:", #kept, "small table sum:", sum)
for _, s in ipairs(kept) do check("kept string", s == string.rep(s:sub(1, 1), #s)) end
print("all contents intact")
