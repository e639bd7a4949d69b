-- sem:with(fn, ...) holds a slot while fn runs, releases it on return, error and cancellation, and returns fn's results; `<close>` releases too.
local sem = asyncio.Semaphore(1)
print(sem:with(function(a, b)
    print("inside, locked:", sem:locked())
    return a, b, "done"
end, 1, 2))
print("after return, locked:", sem:locked())

print(pcall(sem.with, sem, function() error("inside failed", 0) end))
print("after error, locked:", sem:locked())

local t = asyncio.create_task(function() sem:with(asyncio.sleep, 10) end)
asyncio.sleep(0.1)
print("task holds it, locked:", sem:locked())
t:cancel()
print(pcall(t.await, t))
print("after cancel, locked:", sem:locked())

do
    sem:acquire()
    local _ <close> = sem
    print("in block, locked:", sem:locked())
end
print("after block, locked:", sem:locked())
print(pcall(sem.with, sem, "not a function"))
