-- printing: example 24.4 scaled to N items: a producer puts N items through a Queue(5) to two
-- consumers, and both sides print a line per item, as the lecture's script does (what a
-- student's script spends is mostly its prints).
local N = tonumber(arg[1]) or 100000

local function show(item) return string.format("{id: %d, value: %d}", item.id, item.value) end

local queue = asyncio.Queue(5)
local processed, total = 0, 0

local function producer()
    for id = 0, N - 1 do
        local item = { id = id, value = id % 100 + 1 }
        queue:put(item)
        print("Produced: " .. show(item))
    end
    queue:put(nil)
end

local function consumer(number)
    while true do
        local item = queue:get()
        if item == nil then
            queue:put(nil)
            return
        end
        processed, total = processed + 1, total + item.value * 3
        print(string.format("Consumer %d: processed item %d → %d", number, item.id, item.value * 3))
    end
end

asyncio.gather(producer, function() consumer(1) end, function() consumer(2) end)
local want = 0
for id = 0, N - 1 do want = want + (id % 100 + 1) * 3 end
if processed ~= N or total ~= want then
    error(string.format("printing: processed %d items totalling %d, want %d totalling %d", processed, total, N, want))
end
