-- Attempts: asyncio.gather of 5,000 functions at once (each becomes a task), and a
-- TaskGroup of 5,000 children.
-- Right verdict: 2/3 with the task limit named.
print("hello")
local jobs = {}
for i = 1, 5000 do jobs[i] = function() asyncio.sleep(0.001) return i end end
local results = asyncio.gather(jobs)
return #results == 5000 and 42
