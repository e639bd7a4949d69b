-- Queue(maxsize) blocks put while full and hands items out first in, first out, nil included; qsize/empty/full/maxsize report the state.
local function now() return string.format("%.2f", asyncio.time()) end
local q = asyncio.Queue(2)
print(q.maxsize, q:qsize(), q:empty(), q:full(), tostring(q))
local producer = asyncio.create_task(function()
    for _, item in ipairs({ "a", "b", "c", "d" }) do
        q:put(item)
        print(now(), "put", item, q:qsize())
    end
    q:put(nil)
    print(now(), "put nil")
end)
asyncio.sleep(0.1)
print(now(), "qsize", q:qsize(), q:empty(), q:full(), tostring(q))
while true do
    local item = q:get()
    print(now(), "got", item)
    if item == nil then break end
    asyncio.sleep(0.1)
end
print(now(), q:qsize(), q:empty(), q:full(), producer:done())
print(asyncio.Queue().maxsize, math.type(q:qsize()))
