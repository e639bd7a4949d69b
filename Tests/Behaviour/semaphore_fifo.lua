-- Semaphore waiters get slots strictly first-come first-served, and a new caller never overtakes a waiter; locked() and tostring show the state.
local function now() return string.format("%.2f", asyncio.time()) end
local sem = asyncio.Semaphore(2)
print(tostring(sem), sem:locked())
local function worker(label, hold)
    local acquired = sem:acquire()
    print(now(), label, "acquire ->", acquired)
    asyncio.sleep(hold)
    sem:release()
end
local tasks = {}
for i, hold in ipairs({ 0.3, 0.1, 0.2, 0.1, 0.1 }) do tasks[i] = asyncio.create_task(worker, "w" .. i, hold) end
asyncio.sleep(0)
print(tostring(sem), sem:locked())
asyncio.gather(tasks)
print(now(), tostring(sem), sem:locked())

local one = asyncio.Semaphore()
one:acquire()
local waiter = asyncio.create_task(function()
    one:acquire()
    print("waiter got the slot")
    asyncio.sleep(0.1)
    one:release()
end)
asyncio.sleep(0)
one:release()
one:acquire()
print("main got the slot after the waiter")
one:release()
