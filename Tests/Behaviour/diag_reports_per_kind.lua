-- At most 100 reports of one kind are kept; one line says how many more there were.
local function stubborn() pcall(asyncio.sleep, 10) end
local tasks = {}
for i = 1, 130 do tasks[i] = asyncio.create_task(stubborn) end
asyncio.sleep(1)
for _, t in ipairs(tasks) do t:cancel() end
asyncio.gather(tasks)
print("done")
