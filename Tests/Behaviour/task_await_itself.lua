-- A task that awaits itself gets a RuntimeError object (asyncio: "Task cannot await on itself"), not a bare string.
local me = asyncio.current_task()
local ok, err = pcall(me.await, me)
print(ok, asyncio.RuntimeError:is(err), type(err) == "table" and err.type or type(err))
asyncio.sleep(0.1)
print("still running at", string.format("%.2f", asyncio.time()))
