-- A task's own coroutine cannot be resumed or closed by a script; __gc called by hand on a
-- live task does nothing; the task still finishes normally.
local stolen
local a = asyncio.create_task(function() stolen = coroutine.running(); asyncio.sleep(1); return "a done" end)
asyncio.sleep(0)
print(pcall(coroutine.resume, stolen))
print(pcall(coroutine.close, stolen))
print(pcall(coroutine.wrap(function() return coroutine.resume(stolen) end)))
local gc = debug.getmetatable(a).__gc
gc(a)
gc(asyncio.current_task())
print(a:await(), asyncio.time())
local done = asyncio.create_task(function() return 1 end)
done:await()
gc(done)
gc(done)
print(pcall(done.result, done))
print(string.format("%q", tostring(asyncio.create_task(function() error("nul\0byte") end))))
asyncio.sleep(0)
print(debug.getregistry, debug.setuservalue)
