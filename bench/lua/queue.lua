-- queue: N items through a bounded Queue(100) from one producer to 4 consumers; a nil
-- sentinel, re-put by each consumer that sees it, stops them (put/get back-pressure).
local N = tonumber(arg[1]) or 1000000
local CONSUMERS = 4

local q = asyncio.Queue(100)
local count, sum = 0, 0

local function producer()
    for i = 1, N do q:put(i) end
    q:put(nil)
end

local function consumer()
    while true do
        local v = q:get()
        if v == nil then
            q:put(nil)
            return
        end
        count = count + 1
        sum = sum + v
    end
end

local tasks = { asyncio.create_task(producer) }
for c = 1, CONSUMERS do tasks[#tasks + 1] = asyncio.create_task(consumer) end
asyncio.gather(tasks)

if count ~= N or sum ~= N * (N + 1) // 2 then
    error(string.format("queue: consumed %d items summing to %d, want %d summing to %d",
        count, sum, N, N * (N + 1) // 2))
end
