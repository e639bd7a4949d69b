-- Attempts: one coroutine.wrap generator that awaits, driven by two tasks at once: while
-- task A is suspended in the generator's await, task B resumes the same generator, so the
-- generator's await returns into the wrong task.
-- Right verdict: 3/3 or a clean failure (an error such as "cannot resume non-suspended
-- coroutine"); never a crash. The script prints hello and returns 42 if it gets that far.
local gen = coroutine.wrap(function()
    for i = 1, 5 do asyncio.sleep(0.1) coroutine.yield(i) end
end)
local results = {}
local a = asyncio.create_task(function() for _ = 1, 3 do results[#results + 1] = "a" .. tostring(gen()) end end)
local b = asyncio.create_task(function() for _ = 1, 3 do results[#results + 1] = "b" .. tostring((pcall(gen))) end end)
pcall(asyncio.gather, a, b)
print("hello")
return 42
