-- semaphore: N tasks pass through Semaphore(100), each sleep(0) while holding a slot
-- (acquire/release hand-off and FIFO waiter queue under heavy contention).
local N = tonumber(arg[1]) or 100000
local LIMIT = 100

local sem = asyncio.Semaphore(LIMIT)
local active, peak, finished = 0, 0, 0

local function worker()
    sem:with(function()
        active = active + 1
        if active > peak then peak = active end
        asyncio.sleep(0)
        active = active - 1
    end)
    finished = finished + 1
end

local tasks = {}
for i = 1, N do tasks[i] = asyncio.create_task(worker) end
asyncio.gather(tasks)

if peak ~= LIMIT or finished ~= N or active ~= 0 then
    error(string.format("semaphore: peak %d (want %d), finished %d (want %d), active %d",
        peak, LIMIT, finished, N, active))
end
