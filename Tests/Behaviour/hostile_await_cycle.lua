-- Two tasks that await each other: a deadlock with a wait-for cycle, then a clean exit (once a stack overflow).
local A, B
A = asyncio.create_task(function() return B:await() end)
B = asyncio.create_task(function() return A:await() end)
print(A:await())
