-- Attempts: await inside __tostring, which print calls through tostring (a C function):
-- the await cannot happen there.
-- Right verdict: 1/3: fails with "cannot await here" before anything is printed.
local greeting = setmetatable({}, { __tostring = function() asyncio.sleep(1) return "hello" end })
print(greeting)
return 42
