-- cancel() raises CancelledError (with the cancel message) at the task's await; pcall catches it, cleanup runs, re-raising ends the task cancelled.
local function now() return string.format("%.2f", asyncio.time()) end
local t = asyncio.create_task(function()
    print(now(), "working")
    local ok, err = pcall(asyncio.sleep, 10)
    print(now(), "caught", ok, tostring(err), asyncio.CancelledError:is(err), err.type, err.message)
    print(now(), "cleanup")
    error(err, 0)
end)
asyncio.sleep(1)
print(now(), "cancel:", t:cancel("shutting down"))
local ok, err = pcall(t.await, t)
print(now(), ok, tostring(err), t:cancelled(), t:done())

-- A task that cancels itself keeps running until its next await, which raises.
local self_cancel = asyncio.create_task(function()
    print("cancel myself:", asyncio.current_task():cancel())
    print("still running after cancel()")
    local ok2, err2 = pcall(asyncio.sleep, 0)
    print("next await raised", tostring(err2))
    return "survived"
end)
print(self_cancel:await(), self_cancel:cancelled())
