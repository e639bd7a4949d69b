-- A host object's __gc, reached through debug.getmetatable, called by hand on anything:
-- another kind of userdata (a file handle, also two words), a number, an unfinished task.
-- None may crash the host; an object finalized by hand says so when it is used again.
local f = io.tmpfile()
local ev = asyncio.Event()
local gc = debug.getmetatable(ev).__gc
print(pcall(gc, f))
print(pcall(gc, 42))
print(io.type(f), f:write("still open") == f)
local running = asyncio.create_task(function() asyncio.sleep(1) return "ran" end)
asyncio.sleep(0)
print(pcall(gc, running))  -- unfinished: the call is ignored
print(running:await())
print(pcall(gc, ev))
print(pcall(ev.set, ev))
local done = asyncio.create_task(function() return 1 end)
done:await()
print(pcall(gc, done))
print(pcall(done.done, done))
print((pcall(asyncio.wait, { running, done })))  -- an error, not a crash
