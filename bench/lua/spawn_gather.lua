-- spawn_gather: the cost of creating N tasks that each sleep(0) once and return i,
-- then gathering all N results (task creation, scheduling, gather bookkeeping).
local N = tonumber(arg[1]) or 100000

local function work(i)
    asyncio.sleep(0)
    return i
end

local tasks = {}
for i = 1, N do tasks[i] = asyncio.create_task(work, i) end
local results = asyncio.gather(tasks)

local sum = 0
for i = 1, #results do sum = sum + results[i] end
if #results ~= N or sum ~= N * (N + 1) // 2 then
    error(string.format("spawn_gather: got %d results summing to %d, want %d summing to %d",
        #results, sum, N, N * (N + 1) // 2))
end
