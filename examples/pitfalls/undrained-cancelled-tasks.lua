-- Pitfall: cancelling tasks and not waiting for them (example 24.2, line 23 left out).
--
-- cancel() only asks: the task raises CancelledError at its next await and then has to run
-- its cleanup. Returning without awaiting the cancelled tasks leaves them pending; asyncio
-- says "Task was destroyed but it is pending!", Tide names each one.
local function query(region, delay)
    asyncio.sleep(delay)
    return region
end

local tasks = {
    asyncio.create_task(query, "us-east", 0.2),
    asyncio.create_task(query, "eu-west", 0.3),
    asyncio.create_task(query, "ap-south", 0.4),
}
local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
print("winner: " .. done[1]:result())
for _, task in ipairs(pending) do task:cancel() end
-- Missing: asyncio.gather(pending, { return_exceptions = true })
