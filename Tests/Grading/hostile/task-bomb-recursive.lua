-- Attempts: a fork bomb of tasks: each task starts two more, then awaits them.
-- Right verdict: 2/3 with the task limit named.
print("hello")
local function fork()
    local a, b = asyncio.create_task(fork), asyncio.create_task(fork)
    a:await()
    b:await()
end
fork()
return 42
