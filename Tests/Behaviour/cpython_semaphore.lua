-- CPython-derived behaviour tests for asyncio.Semaphore and BoundedSemaphore
-- (Lib/test/test_asyncio/test_locks.py, SemaphoreTests).
-- Each section mirrors one CPython test in Tide's Lua API and prints the order of events,
-- virtual times, error types and tostring(sem) = "Semaphore(value=V, waiters=W)".
-- A release hands the slot straight to the first waiter. A woken waiter that has not run yet
-- still counts as ahead of every later caller: an acquire() that comes after it must not
-- complete before it (CPython's test_acquire_fifo_order_2 and _4).
-- Tasks never finish holding a slot: where CPython leaves slots taken, main releases them.
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

-- test_locks.py SemaphoreTests.test_initial_value_zero
section("test_initial_value_zero", function()
    local sem = asyncio.Semaphore(0)
    print(sem:locked(), tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_repr
section("test_repr", function()
    local sem = asyncio.Semaphore()
    print(tostring(sem), sem:locked())
    sem:acquire()
    print(tostring(sem), sem:locked())
    local w1 = asyncio.create_task(function() sem:acquire() sem:release() end)
    asyncio.sleep(0)
    print(tostring(sem))
    local w2 = asyncio.create_task(function() sem:acquire() sem:release() end)
    asyncio.sleep(0)
    print(tostring(sem))
    sem:release()
    asyncio.gather(w1, w2)
    print(tostring(sem))
    print(tostring(asyncio.BoundedSemaphore(2)))
end)

-- test_locks.py SemaphoreTests.test_semaphore (default value 1)
section("test_semaphore", function()
    local sem = asyncio.Semaphore()
    print(tostring(sem), sem:locked())
end)

-- test_locks.py SemaphoreTests.test_semaphore_value
section("test_semaphore_value", function()
    local ok, err = pcall(asyncio.Semaphore, -1)
    print(ok, tostring(err), asyncio.ValueError:is(err))
    ok, err = pcall(asyncio.BoundedSemaphore, -1)
    print(ok, tostring(err), asyncio.ValueError:is(err))
end)

-- test_locks.py SemaphoreTests.test_acquire
section("test_acquire", function()
    local sem = asyncio.Semaphore(3)
    local result = {}
    local finish = asyncio.Event()
    print(sem:acquire(), sem:acquire(), sem:locked(), tostring(sem))
    local function c(n)
        return function()
            sem:acquire()
            result[#result + 1] = n
            finish:wait() -- main releases this task's slot, as CPython's test does
            return true
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    local t3 = asyncio.create_task(c(3))
    asyncio.sleep(0)
    print(list(result), sem:locked(), tostring(sem))
    local t4 = asyncio.create_task(c(4))
    sem:release()
    sem:release()
    print("after two releases:", tostring(sem))
    asyncio.sleep(0)
    print(list(result), sem:locked(), tostring(sem))
    sem:release()
    asyncio.sleep(0)
    print(list(result), tostring(sem))
    for _ = 1, 4 do sem:release() end
    finish:set()
    asyncio.gather(t1, t2, t3, t4)
    print(t1:result(), t2:result(), t3:result(), t4:result(), tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_acquire_cancel
section("test_acquire_cancel", function()
    local sem = asyncio.Semaphore()
    sem:acquire()
    local acquire = asyncio.create_task(function() return sem:acquire() end)
    asyncio.sleep(0)
    acquire:cancel()
    local ok, err = pcall(acquire.await, acquire)
    print(ok, tostring(err), acquire:cancelled(), tostring(sem))
    sem:release()
    print(tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_acquire_cancel_before_awoken
-- Two of four waiters are cancelled and one slot released in the same step: the slot goes to
-- the third waiter (the first one still waiting), not the fourth.
section("test_acquire_cancel_before_awoken", function()
    local sem = asyncio.Semaphore(0)
    local got = {}
    local hold = asyncio.Event()
    local function acquirer(name)
        sem:acquire()
        got[#got + 1] = name
        hold:wait()
        sem:release()
    end
    local t = {}
    for i = 1, 4 do t[i] = asyncio.create_task(acquirer, "t" .. i) end
    asyncio.sleep(0)
    print(tostring(sem))
    t[1]:cancel()
    t[2]:cancel()
    sem:release()
    asyncio.sleep(0)
    asyncio.sleep(0)
    print("acquired:", list(got), "t4 done:", t[4]:done(), tostring(sem))
    t[4]:cancel()
    hold:set()
    asyncio.gather(t, { return_exceptions = true })
    local states = {}
    for i = 1, 4 do states[i] = t[i]:cancelled() and "cancelled" or "finished" end
    print(list(states))
    print(tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_acquire_hang
section("test_acquire_hang", function()
    local sem = asyncio.Semaphore(0)
    local t1 = asyncio.create_task(function() sem:acquire() end)
    local t2_got = false
    local hold = asyncio.Event()
    local t2 = asyncio.create_task(function()
        sem:acquire()
        t2_got = true
        hold:wait()
        sem:release()
    end)
    asyncio.sleep(0)
    t1:cancel()
    sem:release()
    asyncio.sleep(0)
    asyncio.sleep(0)
    print("locked:", sem:locked(), "t2 got it:", t2_got, "t1 cancelled:", t1:cancelled())
    hold:set()
    t2:await()
    print(tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_acquire_no_hang
-- c1 releases (handing the slot to c2) and at once cancels c2: the slot must come back.
section("test_acquire_no_hang", function()
    local sem = asyncio.Semaphore(1)
    local t2
    local t1 = asyncio.create_task(function()
        sem:with(function() asyncio.sleep(0) end)
        t2:cancel()
    end)
    t2 = asyncio.create_task(function()
        sem:with(function() print("c2 must not get the slot") end)
    end)
    local r = asyncio.gather({ t1, t2 }, { return_exceptions = true })
    print("r1:", r[1], "r2:", tostring(r[2]))
    -- CPython 3.12+ runs wait_for's coroutine in the calling task, under a timeout.
    print(asyncio.timeout(1.0, sem.acquire, sem), tostring(sem), now())
    sem:release()
end)

-- test_locks.py SemaphoreTests.test_release_not_acquired
section("test_release_not_acquired", function()
    local sem = asyncio.BoundedSemaphore()
    local ok, err = pcall(sem.release, sem)
    print(ok, tostring(err), asyncio.ValueError:is(err), tostring(sem))
    local bounded = asyncio.BoundedSemaphore(2)
    bounded:acquire()
    bounded:acquire()
    bounded:release()
    bounded:release()
    ok, err = pcall(bounded.release, bounded)
    print(ok, tostring(err), tostring(bounded))
    -- A plain Semaphore may be released above its initial value.
    local plain = asyncio.Semaphore(1)
    plain:release()
    print(tostring(plain))
end)

-- test_locks.py SemaphoreTests.test_release_no_waiters
section("test_release_no_waiters", function()
    local sem = asyncio.Semaphore()
    sem:acquire()
    print(sem:locked())
    sem:release()
    print(sem:locked())
end)

-- test_locks.py SemaphoreTests.test_acquire_fifo_order
section("test_acquire_fifo_order", function()
    local sem = asyncio.Semaphore(1)
    local result = {}
    local function coro(tag)
        sem:acquire()
        result[#result + 1] = tag .. "_1@" .. now()
        asyncio.sleep(0.01)
        sem:release()
        sem:acquire()
        result[#result + 1] = tag .. "_2@" .. now()
        asyncio.sleep(0.01)
        sem:release()
    end
    asyncio.task_group(function(tg)
        tg:create_task(coro, "c1")
        tg:create_task(coro, "c2")
        tg:create_task(coro, "c3")
    end)
    print(list(result))
end)

-- test_locks.py SemaphoreTests.test_acquire_fifo_order_2
-- c2 releases and asks again while c3 (woken, not yet run) is still in its acquire(): c2's
-- new acquire must come after c3's.
section("test_acquire_fifo_order_2", function()
    local sem = asyncio.Semaphore(1)
    local result = {}
    local finish = asyncio.Event()
    local t1 = asyncio.create_task(function()
        sem:acquire()
        result[#result + 1] = 1
        finish:wait()
        sem:release()
    end)
    local t2 = asyncio.create_task(function()
        sem:acquire()
        result[#result + 1] = 2
        sem:release()
        sem:acquire()
        result[#result + 1] = 4
        finish:wait()
        sem:release()
    end)
    local t3 = asyncio.create_task(function()
        sem:acquire()
        result[#result + 1] = 3
        finish:wait()
        sem:release()
    end)
    asyncio.sleep(0)
    sem:release()
    sem:release()
    for _ = 1, 3 do asyncio.sleep(0) end
    print(list(result))
    finish:set()
    asyncio.gather(t1, t2, t3)
    print(tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_acquire_fifo_order_3
section("test_acquire_fifo_order_3", function()
    local sem = asyncio.Semaphore(0)
    local result = {}
    local finish = asyncio.Event()
    local function c(n)
        return function()
            sem:acquire()
            result[#result + 1] = n
            finish:wait()
            sem:release()
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    local t3 = asyncio.create_task(c(3))
    asyncio.sleep(0)
    t1:cancel()
    asyncio.sleep(0)
    sem:release()
    sem:release()
    asyncio.sleep(0)
    print(list(result))
    finish:set()
    asyncio.gather({ t1, t2, t3 }, { return_exceptions = true })
    print(t1:cancelled(), tostring(sem))
end)

-- test_locks.py SemaphoreTests.test_acquire_fifo_order_4
-- c1 waits; c2 releases three times (one slot handed to c1, two free) and acquires; c3
-- acquires. c1 is still ahead of both, so the order is 1, 2, 3, and t4 (made by c1) last.
section("test_acquire_fifo_order_4", function()
    local sem = asyncio.Semaphore(0)
    local result = {}
    local finish = asyncio.Event()
    local t4
    local t1 = asyncio.create_task(function()
        sem:acquire()
        t4 = asyncio.create_task(function() result[#result + 1] = 4 end)
        result[#result + 1] = 1
        finish:wait()
        sem:release()
    end)
    local t2 = asyncio.create_task(function()
        sem:release()
        sem:release()
        sem:release()
        print("c2 after 3 releases: locked =", sem:locked())
        sem:acquire()
        result[#result + 1] = 2
        finish:wait()
        sem:release()
    end)
    local t3 = asyncio.create_task(function()
        sem:acquire()
        result[#result + 1] = 3
        finish:wait()
        sem:release()
    end)
    for _ = 1, 4 do asyncio.sleep(0) end
    print(list(result))
    finish:set()
    asyncio.gather(t1, t2, t3, t4)
    print(tostring(sem))
end)

-- test_locks.py test_lock_by_with_statement, for Semaphore and BoundedSemaphore
section("test_lock_by_with_statement", function()
    for _, sem in ipairs({ asyncio.Semaphore(), asyncio.BoundedSemaphore() }) do
        print(tostring(sem), sem:with(function() return sem:locked() end), tostring(sem))
        local ok, err = pcall(sem.with, sem, function() error(asyncio.ValueError("inside")) end)
        print(ok, tostring(err), tostring(sem))
    end
end)

-- A semaphore is a to-be-closed value: after acquire, `local _ <close> = sem` releases it
-- when the scope ends, also when a cancellation leaves the scope.
section("to-be-closed release on cancellation", function()
    local sem = asyncio.Semaphore(1)
    local t = asyncio.create_task(function()
        sem:acquire()
        local _ <close> = sem
        asyncio.sleep(10)
    end)
    asyncio.sleep(0)
    print(tostring(sem))
    t:cancel()
    pcall(t.await, t)
    print(t:cancelled(), tostring(sem))
end)

-- FIFO with several slots: waiters are served in arrival order whatever their hold times.
section("fifo with two slots", function()
    local sem = asyncio.Semaphore(2)
    local order = {}
    local function worker(name, hold)
        sem:acquire()
        order[#order + 1] = name .. "@" .. now()
        asyncio.sleep(hold)
        sem:release()
    end
    local tasks = {}
    for i, hold in ipairs({ 0.3, 0.1, 0.2, 0.1, 0.1 }) do tasks[i] = asyncio.create_task(worker, "w" .. i, hold) end
    asyncio.sleep(0)
    print(tostring(sem))
    asyncio.gather(tasks)
    print(list(order), tostring(sem), now())
end)

print("done")
