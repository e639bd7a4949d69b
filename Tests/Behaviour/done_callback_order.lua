-- Done callbacks and awaiters are woken in the order they registered (asyncio schedules both as callbacks).
local t = asyncio.create_task(asyncio.sleep, 0.1)
t:add_done_callback(function() print("callback registered first") end)
t:await()
print("main, which awaited after the callback was added")
asyncio.sleep(0)
