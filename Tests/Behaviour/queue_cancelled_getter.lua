-- A getter cancelled after an item was handed to it loses nothing: the next getter receives that item.
local q = asyncio.Queue()
local function getter(label)
    local ok, item = pcall(q.get, q)
    print(label, ok and ("got " .. item) or tostring(item))
end
local first = asyncio.create_task(getter, "first")
local second = asyncio.create_task(getter, "second")
asyncio.sleep(0)
q:put_nowait("precious")
first:cancel()
asyncio.gather({ first, second }, { return_exceptions = true })
print(q:qsize())

-- A putter cancelled after a slot freed up passes the slot on too.
local b = asyncio.Queue(1)
b:put_nowait("x")
local p1 = asyncio.create_task(function() b:put("p1") end)
local p2 = asyncio.create_task(function() b:put("p2") end)
asyncio.sleep(0)
print(b:get_nowait())
p1:cancel()
asyncio.gather({ p1, p2 }, { return_exceptions = true })
print(p1:cancelled(), b:qsize(), b:get_nowait())
