-- put_nowait/get_nowait never wait: QueueFull on a full queue, QueueEmpty on an empty one; any value, nil included, can be queued.
local q = asyncio.Queue(3)
q:put_nowait(1)
q:put_nowait(nil)
q:put_nowait({ "table" })
local ok, err = pcall(q.put_nowait, q, 4)
print(ok, asyncio.QueueFull:is(err), tostring(err), q:qsize(), q:full())
print(q:get_nowait())
print(q:get_nowait())
print(q:get_nowait()[1])
ok, err = pcall(q.get_nowait, q)
print(ok, asyncio.QueueEmpty:is(err), tostring(err), q:qsize(), q:empty())

-- An unbounded queue is never full.
local u = asyncio.Queue()
for i = 1, 100 do u:put_nowait(i) end
print(u:qsize(), u:full(), u.maxsize)

-- get_nowait does not take an item that a woken getter is owed.
local w = asyncio.Queue()
local getter = asyncio.create_task(function() return w:get() end)
asyncio.sleep(0)
w:put_nowait("for the waiting getter")
print(pcall(w.get_nowait, w))
print(getter:await())
