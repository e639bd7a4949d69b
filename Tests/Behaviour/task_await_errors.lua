-- Errors a task raises pass through await unchanged: strings keep their position, tables keep their identity.
local obj = { code = 42 }
local t1 = asyncio.create_task(function() error("plain failure") end)
local t2 = asyncio.create_task(function()
    asyncio.sleep(0.1)
    error(obj)
end)
local t3 = asyncio.create_task(function() error("no position", 0) end)

print(pcall(t1.await, t1))
local ok, err = pcall(t2.await, t2)
print(ok, err == obj, err.code)
print(pcall(t3.await, t3))

-- Awaiting again raises the very same error; exception() returns it.
ok, err = pcall(t2.await, t2)
print(ok, err == obj)
print(t1:exception())
print(t2:exception() == obj)
print(t1:cancelled(), t1:done())
