-- Attempts: poison CancelledError and TimeoutError: their __tostring raises, `is` always
-- says no, __index loops; then time out a wait_for, cancel tasks, and run a task group
-- whose child fails, so the prelude and the host handle poisoned error objects.
-- Right verdict: 3/3 if the host and prelude keep working (they keep their own references
-- to the classes); otherwise a clean failure. Never a crash.
local C, T = asyncio.CancelledError, asyncio.TimeoutError
C.__tostring = function() error("no tostring for you") end
T.__tostring = function() error("no tostring for you") end
C.is = function() return false end
T.is = function() while true do end end
local ok = pcall(asyncio.wait_for, function() asyncio.sleep(10) end, 0.1)
local t = asyncio.create_task(function() asyncio.sleep(10) end)
asyncio.sleep(0)
t:cancel("poisoned")
pcall(t.await, t)
pcall(asyncio.task_group, function(tg)
    tg:create_task(function() asyncio.sleep(5) end)
    tg:create_task(function() error("child fails") end)
end)
print("hello")
return 42
