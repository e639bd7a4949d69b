-- Wrong: no sentinel. Main waits for queue:join() and then cancels the consumers, which end
-- cancelled in the middle of a get instead of stopping on their own.
local queue = asyncio.Queue(3)
local total = 0

local function producer()
    for i = 1, 12 do
        queue:put(i)
        print("produced " .. i)
        asyncio.sleep(0.05)
    end
end

local function consumer(c)
    while true do
        local item = queue:get()
        asyncio.sleep(0.3)
        print("consumer " .. c .. " processed " .. item)
        total = total + 1
        queue:task_done()
    end
end

local consumers = {}
for c = 1, 3 do consumers[c] = asyncio.create_task(consumer, c) end
producer()
queue:join()
for _, task in ipairs(consumers) do task:cancel() end
asyncio.gather(consumers, { return_exceptions = true })
print("total " .. total)
return total
