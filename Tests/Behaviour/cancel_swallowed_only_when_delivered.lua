-- "Caught CancelledError and finished normally" is reported only for a task that an await
-- really raised its cancellation in; and gather raises CancelledError when its caller was
-- cancelled, even if every gathered task swallowed the cancel (Python 3.13).
local function named(name, fn)
    local t = asyncio.create_task(fn)
    t:set_name(name)
    return t
end

local function stubborn()
    local ok, err = pcall(asyncio.sleep, 10)
    return "swallowed " .. tostring(err)
end

-- A task awaiting another directly: the cancel passes to the inner task, which swallows it;
-- the outer one gets the result, as in Python, and never saw a CancelledError.
local inner = named("inner", stubborn)
local outer = named("outer", function() return inner:await() end)
asyncio.sleep(1)
print("cancel outer:", outer:cancel())
print("outer:", outer:await(), "cancelling", outer:cancelling())

-- wait_for whose task runs a gather of swallowing tasks: the gather raises CancelledError,
-- the task ends cancelled, and wait_for raises TimeoutError.
local ok, err = pcall(asyncio.wait_for, function()
    return asyncio.gather(named("g1", stubborn), named("g2", stubborn))
end, 1)
print("wait_for:", ok, tostring(err))

-- gather with return_exceptions raises the caller's cancellation too.
local gatherer = asyncio.create_task(function()
    return asyncio.gather({ named("r1", stubborn) }, { return_exceptions = true })
end)
asyncio.sleep(1)
gatherer:cancel("enough")
local ok2, err2 = pcall(gatherer.await, gatherer)
print("gatherer:", ok2, tostring(err2), gatherer:cancelled())
