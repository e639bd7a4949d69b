-- Attempts: await inside a done callback (which runs outside any task), inside xpcall's
-- message handler, and a bare coroutine.yield in each.
-- Right verdict: 3/3: each await fails where it is ("cannot await here", reported as an
-- error in a done callback; "error in error handling" for the handler); the main task
-- goes on to print hello and return 42.
local t = asyncio.create_task(function() return 1 end)
t:add_done_callback(function() asyncio.sleep(1) end)
t:add_done_callback(function() coroutine.yield() end)
t:await()
asyncio.sleep(0)
local ok = xpcall(error, function(e) asyncio.sleep(1) return e end)
assert(not ok)
print("hello")
return 42
