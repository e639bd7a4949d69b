-- Attempts: create_task in an endless loop (each task sleeps forever), past the task limit.
-- Right verdict: 2/3 with "task limit of 100 exceeded" (the limit named), never a hang.
print("hello")
while true do asyncio.create_task(function() asyncio.sleep(1e9) end) end
