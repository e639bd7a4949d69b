-- pending_tasks (memory row): N tasks all blocked on one Event; the process's peak RSS
-- is what N suspended tasks cost. The event is then set and every task must finish.
local N = tonumber(arg[1]) or 100000

local ev = asyncio.Event()
local woken = 0
local function waiter()
    ev:wait()
    woken = woken + 1
end

local tasks = {}
for i = 1, N do tasks[i] = asyncio.create_task(waiter) end
asyncio.sleep(0) -- every task runs up to ev:wait() and blocks
ev:set()
asyncio.gather(tasks)

if woken ~= N then
    error(string.format("pending_tasks: %d of %d waiters woke", woken, N))
end
