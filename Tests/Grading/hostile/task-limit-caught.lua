-- Attempts: catch the task limit: create tasks inside pcall until create_task refuses,
-- then carry on as if nothing happened and score.
-- Right verdict: 0 or 1 for the checks after the limit: the run is stopped with the task
-- limit named, even though the error was caught.
local made = 0
while pcall(asyncio.create_task, function() end) do made = made + 1 end
print("hello")
return 42
