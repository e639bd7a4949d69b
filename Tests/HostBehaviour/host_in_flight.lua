-- A task awaiting host work is not deadlocked, and the virtual clock waits for the work:
-- host work takes no virtual time.
local sleeper = asyncio.create_task(function()
    asyncio.sleep(1)
    print(string.format("[%.2f] the sleeper wakes", asyncio.time()))
end)
print(string.format("[%.2f] %s", asyncio.time(), test.sleep(30)))
print(string.format("[%.2f] %s", asyncio.time(), test.sleep(1)))
sleeper:await()
-- Only the main task, waiting on the host: still no deadlock.
print(string.format("[%.2f] %s", asyncio.time(), test.sleep(20)))
-- Many at once, gathered: results in order, whichever Swift task finished first.
local results = asyncio.gather(
    function() return test.sleep(30) end,
    function() return test.sleep(1) end,
    function() return test.echo("third") end)
print(table.concat(results, ", "))
