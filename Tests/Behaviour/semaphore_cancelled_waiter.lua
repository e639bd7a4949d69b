-- A waiter cancelled while waiting, or after it was handed a slot but before it ran, passes the slot on to the next waiter.
local sem = asyncio.Semaphore(1)
sem:acquire()
local function waiter(label)
    local ok, err = pcall(sem.acquire, sem)
    print(label, ok and "acquired" or tostring(err))
    if ok then sem:release() end
end
local a = asyncio.create_task(waiter, "a")
local b = asyncio.create_task(waiter, "b")
local c = asyncio.create_task(waiter, "c")
asyncio.sleep(0)
b:cancel()
asyncio.sleep(0)
sem:release()
a:cancel()
asyncio.gather({ a, b, c }, { return_exceptions = true })
print(tostring(sem))
