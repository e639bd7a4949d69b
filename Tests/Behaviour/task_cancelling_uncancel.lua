-- cancelling() counts cancel requests; uncancel() withdraws one and returns how many remain.
local function now() return string.format("%.2f", asyncio.time()) end
local t = asyncio.create_task(function()
    local ok, err = pcall(asyncio.sleep, 1)
    local me = asyncio.current_task()
    print(now(), "caught", tostring(err), "cancelling", me:cancelling())
    print("uncancel ->", me:uncancel())
    print("cancelling", me:cancelling())
    print("uncancel at 0 ->", me:uncancel())
    asyncio.sleep(0.5)
    return "finished"
end)
asyncio.sleep(0.1)
print("before cancel", t:cancelling())
t:cancel()
print("after cancel", t:cancelling())
print(t:await(), now(), t:cancelled(), t:cancelling())
