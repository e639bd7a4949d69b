-- Python 3.13: a task cancelled and uncancelled before it first runs runs normally, and so
-- does one cancelled and uncancelled while it waits its turn after a bare yield
-- (uncancel() to zero withdraws a cancellation not yet delivered).
local t = asyncio.create_task(function() print("t runs") return "t finished" end)
t:cancel()
print("uncancel ->", t:uncancel())
print(t:await(), t:cancelled())

local ready = asyncio.Event()
local u = asyncio.create_task(function()
    ready:set()
    asyncio.sleep(0)
    print("u goes on")
    return "u finished"
end)
ready:wait()
u:cancel()
u:uncancel()
print(u:await(), u:cancelled())

-- A cancellation that interrupted a real wait is delivered all the same.
local v = asyncio.create_task(function() asyncio.sleep(1) return "v finished" end)
asyncio.sleep(0)
v:cancel()
v:uncancel()
print(pcall(v.await, v))
