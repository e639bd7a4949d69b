-- Cancelling a task blocked in asyncio.wait cancels only that task: the tasks it waited on keep running.
local function now() return string.format("%.2f", asyncio.time()) end
local a = asyncio.create_task(asyncio.sleep, 0.5, "a")
local b = asyncio.create_task(asyncio.sleep, 1.0, "b")
local waiter = asyncio.create_task(function() return asyncio.wait({ a, b }) end)
asyncio.sleep(0.2)
waiter:cancel()
print(pcall(waiter.await, waiter))
print(now(), waiter:cancelled(), a:done(), b:done())
print(a:await(), b:await(), now(), a:cancelled(), b:cancelled())
