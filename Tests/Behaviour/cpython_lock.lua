-- CPython-derived behaviour tests for asyncio.Lock (Lib/test/test_asyncio/test_locks.py, LockTests).
-- Each section mirrors one CPython test, rewritten for Tide's Lua API, and prints what can be
-- observed: the order of events, virtual times, error types and tostring(lock).
-- Tide hands a released lock straight to the first waiter, so locked() is already true while
-- that waiter has not run yet (CPython reports false there but still makes new callers wait).
-- Tasks never finish holding the lock: where CPython leaves it held, main releases for them.
-- Times are virtual seconds since the section began, printed with %.2f.
local T0 = 0 -- virtual time at the start of the current section
local function now() return string.format("%.2f", asyncio.time() - T0) end
local function list(t)
    local parts = {}
    for i = 1, #t do parts[i] = tostring(t[i]) end
    return "[" .. table.concat(parts, ", ") .. "]"
end
local function section(name, body)
    print("== " .. name)
    T0 = asyncio.time()
    local ok, err = pcall(body)
    if not ok then print("!! section failed: " .. tostring(err)) end
end

-- test_locks.py LockTests.test_repr
section("test_repr", function()
    local lock = asyncio.Lock()
    print(tostring(lock), lock:locked())
    lock:acquire()
    print(tostring(lock), lock:locked())
    local waiter = asyncio.create_task(function() lock:acquire() lock:release() end)
    asyncio.sleep(0)
    print(tostring(lock))
    lock:release()
    waiter:await()
    print(tostring(lock))
end)

-- test_locks.py LockTests.test_lock (acquire returns true; no `await lock` in Lua)
section("test_lock", function()
    local lock = asyncio.Lock()
    print("acquire ->", lock:acquire(), "locked:", lock:locked())
    lock:release()
    print("after release locked:", lock:locked())
end)

-- test_locks.py LockTests.test_acquire
section("test_acquire", function()
    local lock = asyncio.Lock()
    local result = {}
    local finish = asyncio.Event()
    print("main acquire ->", lock:acquire())
    local function c(n)
        return function()
            if lock:acquire() then result[#result + 1] = n end
            finish:wait() -- main releases on this task's behalf, as in CPython
            return true
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    asyncio.sleep(0)
    print("waiting:", list(result), tostring(lock))
    lock:release()
    asyncio.sleep(0)
    print("after 1st release:", list(result))
    asyncio.sleep(0)
    print("one more turn:", list(result))
    local t3 = asyncio.create_task(c(3))
    lock:release()
    asyncio.sleep(0)
    print("after 2nd release:", list(result))
    lock:release()
    asyncio.sleep(0)
    print("after 3rd release:", list(result), tostring(lock))
    lock:release()
    finish:set()
    asyncio.gather(t1, t2, t3)
    print("results:", t1:result(), t2:result(), t3:result(), tostring(lock))
end)

-- test_locks.py LockTests.test_acquire_cancel
section("test_acquire_cancel", function()
    local lock = asyncio.Lock()
    print("acquire ->", lock:acquire())
    local task = asyncio.create_task(function() return lock:acquire() end)
    asyncio.sleep(0)
    print("before cancel:", tostring(lock))
    task:cancel()
    local ok, err = pcall(task.await, task)
    print("await ->", ok, tostring(err), task:cancelled())
    print("after cancel:", tostring(lock)) -- no waiter left behind
    lock:release()
    print(tostring(lock))
end)

-- test_locks.py LockTests.test_cancel_race
-- A holds the lock, B and C wait. In the same turn A is let go (and releases) and B is
-- cancelled: the lock must go to C, and nobody may slip in ahead of C.
section("test_cancel_race", function()
    local lock = asyncio.Lock()
    local log = {}
    local function lockit(name, blocker)
        lock:acquire()
        log[#log + 1] = name .. " acquired"
        if blocker then blocker:wait() end
        lock:release()
        log[#log + 1] = name .. " released"
    end
    local fa = asyncio.Event()
    local ta = asyncio.create_task(lockit, "A", fa)
    asyncio.sleep(0)
    print("A holds:", lock:locked())
    local tb = asyncio.create_task(lockit, "B")
    asyncio.sleep(0)
    print(tostring(lock))
    local tc = asyncio.create_task(lockit, "C")
    asyncio.sleep(0)
    print(tostring(lock))
    fa:set()
    tb:cancel()
    asyncio.sleep(0)
    print("ta done:", ta:done(), "tb cancelled:", tb:cancelled(), "tc done:", tc:done())
    -- Tide: C was handed the lock when A released, so it is already locked for C.
    print("locked:", lock:locked(), tostring(lock))
    -- A newcomer must queue behind C.
    local td = asyncio.create_task(lockit, "D")
    tc:await()
    td:await()
    print(list(log), tostring(lock))
end)

-- test_locks.py LockTests.test_cancel_release_race (bpo-32734)
-- Cancel the first of three waiters and release in the same step: only one task gets the lock.
section("test_cancel_release_race", function()
    local lock = asyncio.Lock()
    local lock_count, call_count = 0, 0
    local hold = asyncio.Event()
    local function lockit()
        call_count = call_count + 1
        lock:acquire()
        lock_count = lock_count + 1
        hold:wait()
        lock:release()
    end
    lock:acquire()
    local t1 = asyncio.create_task(lockit)
    local t2 = asyncio.create_task(lockit)
    local t3 = asyncio.create_task(lockit)
    asyncio.sleep(0)
    t1:cancel()
    lock:release()
    local ok, err = pcall(t1.await, t1)
    print("t1 await ->", ok, tostring(err))
    print("lock_count:", lock_count, "call_count:", call_count)
    print("t1 cancelled:", t1:cancelled(), "t2 done:", t2:done(), "t3 done:", t3:done())
    t3:cancel()
    asyncio.sleep(0)
    print("t3 cancelled:", t3:cancelled())
    hold:set()
    t2:await()
    print("lock_count:", lock_count, tostring(lock))
end)

-- test_locks.py LockTests.test_finished_waiter_cancelled
-- Cancel the only waiter, then release: a task that has not started yet takes the lock.
section("test_finished_waiter_cancelled", function()
    local lock = asyncio.Lock()
    lock:acquire()
    local tb = asyncio.create_task(function() return lock:acquire() end)
    asyncio.sleep(0)
    print(tostring(lock))
    local tc_got = false
    local release_tc = asyncio.Event()
    local tc = asyncio.create_task(function()
        lock:acquire()
        tc_got = true
        release_tc:wait()
        lock:release()
    end)
    tb:cancel()
    lock:release()
    asyncio.sleep(0)
    print("locked:", lock:locked(), "tb cancelled:", tb:cancelled(), "tc got it:", tc_got)
    release_tc:set()
    tc:await()
    print(tostring(lock))
end)

-- test_locks.py LockTests.test_finished_waiter_cancelled, the other order
-- Release first (the lock is handed to B), then cancel B before it runs: the wakeup passes
-- on to C, the next waiter, and is not lost.
section("test_finished_waiter_cancelled (release, then cancel)", function()
    local lock = asyncio.Lock()
    lock:acquire()
    local log = {}
    local function waiter(name)
        local ok, err = pcall(lock.acquire, lock)
        log[#log + 1] = name .. (ok and " acquired" or (" " .. tostring(err)))
        if not ok then error(err, 0) end
        lock:release()
    end
    local tb = asyncio.create_task(waiter, "B")
    local tc = asyncio.create_task(waiter, "C")
    asyncio.sleep(0)
    print(tostring(lock))
    lock:release()
    tb:cancel()
    asyncio.gather({ tb, tc }, { return_exceptions = true })
    print(list(log), tostring(lock))
end)

-- test_locks.py LockTests.test_release_not_acquired
section("test_release_not_acquired", function()
    local lock = asyncio.Lock()
    local ok, err = pcall(lock.release, lock)
    print(ok, tostring(err), asyncio.RuntimeError:is(err))
    lock:acquire()
    lock:release()
    ok, err = pcall(lock.release, lock)
    print("second release:", ok, tostring(err))
end)

-- test_locks.py LockTests.test_release_no_waiters
section("test_release_no_waiters", function()
    local lock = asyncio.Lock()
    lock:acquire()
    print(lock:locked())
    lock:release()
    print(lock:locked(), tostring(lock))
end)

-- test_locks.py LockTests.test_context_manager (async with lock -> lock:with)
section("test_context_manager", function()
    local lock = asyncio.Lock()
    print("before:", lock:locked())
    print("with ->", lock:with(function(a, b)
        print("inside:", lock:locked())
        return a + b, "two"
    end, 1, 2))
    print("after:", lock:locked())
    local ok, err = pcall(lock.with, lock, function() error("boom", 0) end)
    print("error in body:", ok, err, "locked:", lock:locked())
    local entered = asyncio.Event()
    local t = asyncio.create_task(function()
        lock:with(function()
            entered:set()
            asyncio.sleep(10)
        end)
    end)
    entered:wait()
    print("held by task:", lock:locked())
    t:cancel()
    ok, err = pcall(t.await, t)
    print("cancelled in body:", ok, tostring(err), "locked:", lock:locked(), now())
end)

-- test_locks.py LockTests.test_lock_by_with_statement
-- A with() that is cancelled while it waits to acquire must not release a lock it never had.
section("test_lock_by_with_statement (cancelled while acquiring)", function()
    local lock = asyncio.Lock()
    lock:acquire()
    local t = asyncio.create_task(function() return lock:with(function() return "ran" end) end)
    asyncio.sleep(0)
    t:cancel()
    local ok, err = pcall(t.await, t)
    print(ok, tostring(err), "still locked by main:", lock:locked(), tostring(lock))
    lock:release()
    print(tostring(lock))
end)

-- FIFO discipline (the SPEC's rule, which CPython's tests check through test_acquire):
-- waiters are served in arrival order and a newcomer never overtakes one.
section("fifo: five waiters, one newcomer", function()
    local lock = asyncio.Lock()
    local order = {}
    local function worker(name)
        lock:acquire()
        order[#order + 1] = name .. "@" .. now()
        asyncio.sleep(0.1)
        lock:release()
    end
    local tasks = {}
    for i = 1, 5 do tasks[i] = asyncio.create_task(worker, "w" .. i) end
    asyncio.sleep(0.05)
    print(tostring(lock))
    -- The newcomer arrives while w1 holds the lock and w2..w5 wait: it goes last.
    tasks[6] = asyncio.create_task(worker, "new")
    asyncio.gather(tasks)
    print(list(order))
    print(tostring(lock), now())
end)

-- The release-then-reacquire case: the releasing task asks again at once and must queue
-- behind the waiter it just handed the lock to.
section("fifo: release then reacquire at once", function()
    local lock = asyncio.Lock()
    local order = {}
    lock:acquire()
    local w = asyncio.create_task(function()
        lock:acquire()
        order[#order + 1] = "waiter"
        lock:release()
    end)
    asyncio.sleep(0)
    lock:release()
    lock:acquire()
    order[#order + 1] = "main again"
    lock:release()
    w:await()
    print(list(order))
end)

print("done")
