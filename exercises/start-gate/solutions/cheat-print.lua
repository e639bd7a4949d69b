-- Cheat: no loader, no workers. The main task replays the grader's draw, makes an Event and
-- sets it for show, and prints every line at the moment a real run prints it.
local loaded = asyncio.Event()
local duration = 0.3 + 0.4 * math.random()
asyncio.sleep(duration)
print("configuration loaded")
loaded:set()
for n = 1, 5 do print("worker-" .. n .. " started with eu-west") end
asyncio.sleep(1.0 - asyncio.time())
print("late-worker started with eu-west")
print("all workers started")
