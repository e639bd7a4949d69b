-- Attempts: error objects whose __tostring returns a table, a number and nil, raised
-- from child tasks (one awaited, one never awaited) and then from the main task.
-- Right verdict: 2/3: prints hello, fails; the report names the error object, never
-- crashes.
print("hello")
local child = asyncio.create_task(function() error(setmetatable({}, { __tostring = function() return {} end })) end)
pcall(child.await, child)
local other = asyncio.create_task(function() error(setmetatable({}, { __tostring = function() return 42 end })) end)
asyncio.sleep(0)
error(setmetatable({}, { __tostring = function() return nil end }))
