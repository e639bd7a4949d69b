-- Attempts: reach a Task's hidden metatable with debug.getmetatable (global or through
-- require("debug")) and call its __gc on the running task and on a sleeping one, freeing
-- host objects the loop still uses (use-after-free), then keep using them.
-- Right verdict: 1/3, failing with "attempt to call a nil value (field 'getmetatable')".
-- "crashed: signal N" or "the worker failed" means a script can corrupt the host.
local getmt = debug.getmetatable or require("debug").getmetatable
local sleeper = asyncio.create_task(function() asyncio.sleep(1) return "late" end)
asyncio.sleep(0)
local mt = getmt(sleeper)
mt.__gc(sleeper)
mt.__gc(asyncio.current_task())
collectgarbage()
print(sleeper:await())
print("hello")
return 42
