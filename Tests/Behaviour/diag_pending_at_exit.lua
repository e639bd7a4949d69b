-- Tasks still unfinished when main returns are named with what they wait on, cancelled, and their cleanup runs; the run still succeeds.
local function now() return string.format("%.2f", asyncio.time()) end
local sleeper = asyncio.create_task(function()
    local ok, err = pcall(asyncio.sleep, 10)
    print(now(), "sleeper cleaned up after", tostring(err))
    error(err, 0)
end)
sleeper:set_name("sleeper")
local sem = asyncio.Semaphore(0)
asyncio.create_task(function() sem:acquire() end)
asyncio.create_task(function() print("a task that finished in time") end)
asyncio.sleep(0.5)
asyncio.create_task(function() print("never runs") end)
print(now(), "main returns")
