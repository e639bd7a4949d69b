-- A Swift error becomes an asyncio.HostError with the thrown type and message.
local ok, err = pcall(test.fail, "FetchError", "503 from upstream")
print(ok, asyncio.HostError:is(err), err.type, err.message)
print(tostring(err))
ok, err = pcall(test.refuse)
print(ok, err.type, err.message)
-- Raised through a task, awaited elsewhere.
local t = asyncio.create_task(test.fail, "Timeout", "too slow")
ok, err = pcall(t.await, t)
print(ok, tostring(err))
-- A bad argument is the host function's own error.
print(pcall(test.sleep, "soon"))
-- Uncaught, it names the task and the line.
test.fail("FatalError", "the end")
