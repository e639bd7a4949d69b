-- math.random is seeded from --seed (1 here): the same numbers every run, and a jittered race has the same winner every run.
local numbers = {}
for i = 1, 5 do numbers[i] = math.random(1, 1000) end
print(table.concat(numbers, " "))
print(string.format("%.6f", math.random()))

local function racer(name)
    asyncio.sleep(math.random() * 0.5)
    return name
end
local tasks = { asyncio.create_task(racer, "a"), asyncio.create_task(racer, "b"), asyncio.create_task(racer, "c") }
local done = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
print("winner", done[1]:result(), string.format("%.4f", asyncio.time()))
asyncio.wait(tasks)
