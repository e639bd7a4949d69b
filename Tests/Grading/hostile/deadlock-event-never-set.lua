-- Attempts: wait on an Event that nothing will ever set (and a Queue.get on an empty
-- queue in a helper), so no task can run and no timer is set.
-- Right verdict: 2/3: prints hello; the run ends as a deadlock (reported, naming the
-- waits), instantly on the virtual clock.
print("hello")
local q = asyncio.Queue()
local helper = asyncio.create_task(function() return q:get() end)
asyncio.Event():wait()
return 42
