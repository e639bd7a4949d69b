-- Attempts: an error object whose __tostring awaits (asyncio.sleep) and yields
-- (coroutine.yield), so that describing the error tries to suspend whoever describes it.
-- Right verdict: 2/3: prints hello, fails; described as "(error object is a table value)"
-- (or by the await's own error); no hang, no crash.
print("hello")
error(setmetatable({}, { __tostring = function() asyncio.sleep(1) coroutine.yield() return "slept" end }))
