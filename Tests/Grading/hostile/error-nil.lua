-- Attempts: error(nil) — an error with no value at all — from a child task awaited by
-- the main task, then from the main task.
-- Right verdict: 2/3: prints hello, fails with the error described as "nil".
print("hello")
local child = asyncio.create_task(function() error(nil) end)
local ok, err = pcall(child.await, child)
assert(not ok and err == nil)
error(nil)
