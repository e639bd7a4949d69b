-- Attempts: await inside __gc (finalizers run wherever the collector happens to run:
-- inside host calls, between any two instructions), for hundreds of garbage objects.
-- Right verdict: 1/3 in the sandbox, which refuses __gc finalizers (setmetatable raises);
-- outside it, 3/3: an await in a finalizer cannot happen and its error is dropped (a
-- finalizer's errors go nowhere); the run prints hello and returns 42 regardless.
local mt = { __gc = function() asyncio.sleep(1) error("finalizer ran on") end }
for _ = 1, 500 do setmetatable({}, mt) end
collectgarbage()
collectgarbage()
print("hello")
return 42
