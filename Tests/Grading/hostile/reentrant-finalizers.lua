-- Attempts: finalizers (__gc) that call back into the host — create_task, Event:set,
-- Queue:put_nowait, Task:cancel, Semaphore:release — while the host is itself in the
-- middle of a call that allocates (the collector runs finalizers during allocations, so
-- they fire inside create_task, Queue(), gather ...): re-entrant host calls.
-- Right verdict: 1/3 in the sandbox, which refuses __gc finalizers (setmetatable raises);
-- outside it, 3/3 (or a limit named); "crashed: signal N" means the host is not
-- re-entrant-safe (e.g. an exclusivity violation in a debug build).
local q = asyncio.Queue()
local ev = asyncio.Event()
local sem = asyncio.Semaphore(1)
local victims = {}
local spawned = 0  -- tasks made by finalizers: 20 + 20 victims + 2 per gather stay under 100
local mt = {
    __gc = function()
        if spawned < 20 then spawned = spawned + 1 pcall(asyncio.create_task, function() end) end
        ev:set()
        ev:clear()
        pcall(q.put_nowait, q, "from __gc")
        pcall(q.get_nowait, q)
        pcall(sem.release, sem)
        for _, t in ipairs(victims) do t:cancel("from __gc") end
    end,
}
collectgarbage("incremental", 100, 100, 1)  -- a short pause: finalizers run often
for i = 1, 20 do
    victims[#victims + 1] = asyncio.create_task(function() asyncio.sleep(i) end)
    for _ = 1, 200 do setmetatable({}, mt) end
    local r = asyncio.gather(function() return i end, function() return asyncio.Queue(i) end)
end
print("hello")
return 42
