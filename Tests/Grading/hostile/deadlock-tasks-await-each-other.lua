-- Attempts: two tasks awaiting each other, and the main task awaiting the first: a cycle
-- in the wait-for graph.
-- Right verdict: 2/3: prints hello, then a deadlock naming the wait-for chain.
print("hello")
local a, b
a = asyncio.create_task(function() asyncio.sleep(0) return b:await() end)
b = asyncio.create_task(function() asyncio.sleep(0) return a:await() end)
return a:await()
