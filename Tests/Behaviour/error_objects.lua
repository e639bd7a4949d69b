-- Error classes are callable; errors have type and message, tostring "Type: message", and Class:is(err) tests them.
local names = { "CancelledError", "TimeoutError", "InvalidStateError", "QueueFull", "QueueEmpty", "QueueShutDown",
    "BrokenBarrierError", "ExceptionGroup", "ValueError", "RuntimeError" }
for _, name in ipairs(names) do
    local class = asyncio[name]
    local err = class("msg for " .. name)
    print(err.type, err.message, tostring(err), class:is(err), tostring(class))
end
local bare = asyncio.TimeoutError()
print(tostring(bare), bare.message, bare.type)
print(asyncio.TimeoutError:is(asyncio.ValueError("x")), asyncio.TimeoutError:is("TimeoutError"),
    asyncio.TimeoutError:is({ type = "TimeoutError" }), asyncio.TimeoutError:is(nil))

local ok, err = pcall(error, asyncio.ValueError("bad value"))
print(ok, tostring(err), asyncio.ValueError:is(err))

-- Raised in a task and awaited: the same object, carrying the traceback of where it was raised.
local raised = asyncio.RuntimeError("from task")
local t = asyncio.create_task(function() error(raised) end)
ok, err = pcall(t.await, t)
print(err == raised, asyncio.RuntimeError:is(err), err.message, type(err.traceback),
    err.traceback:find("error_objects.lua:19", 1, true) ~= nil)

-- Errors the host raises are instances of the same classes.
ok, err = pcall(asyncio.Queue().get_nowait, asyncio.Queue())
print(asyncio.QueueEmpty:is(err), err.type, tostring(err))
