-- join() waits until task_done() was called for every item put; one task_done too many raises ValueError.
local function now() return string.format("%.2f", asyncio.time()) end
local q = asyncio.Queue()
q:join()
print(now(), "join on a fresh queue returns at once")
for i = 1, 3 do q:put_nowait(i) end
local worker = asyncio.create_task(function()
    while true do
        local item = q:get()
        asyncio.sleep(0.1)
        print(now(), "processed", item)
        q:task_done()
    end
end)
q:join()
print(now(), "joined", q:qsize())
worker:cancel()
print(pcall(worker.await, worker))
local ok, err = pcall(q.task_done, q)
print(ok, asyncio.ValueError:is(err), tostring(err))
