-- CPython-derived behaviour tests for asyncio.Condition (Lib/test/test_asyncio/test_locks.py,
-- ConditionTests). Each section mirrors one CPython test in Tide's Lua API and prints the
-- order of events, virtual times, error types and tostring(cond) =
-- "Condition(locked|unlocked, waiters=N)".
-- As in CPython, wait() releases the lock, waits for a notify, and takes the lock again before
-- it returns or raises; a notify that reaches a task cancelled at the same moment passes on to
-- the next waiter. Tasks never finish holding the lock: where CPython leaves it held, the task
-- reports what it saw and then releases.
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

-- test_locks.py ConditionTests.test_wait
section("test_wait", function()
    local cond = asyncio.Condition()
    local result = {}
    local finish = asyncio.Event()
    local function c(n)
        return function()
            cond:acquire()
            if cond:wait() then result[#result + 1] = n end
            finish:wait() -- main releases the lock on this task's behalf, as in CPython
            return true
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    local t3 = asyncio.create_task(c(3))
    asyncio.sleep(0)
    print(list(result), cond:locked(), tostring(cond))
    print("acquire ->", cond:acquire())
    cond:notify()
    asyncio.sleep(0)
    print(list(result), cond:locked(), tostring(cond))
    cond:release()
    asyncio.sleep(0)
    print(list(result), cond:locked(), tostring(cond))
    cond:notify(2)
    asyncio.sleep(0)
    print(list(result), cond:locked(), tostring(cond))
    cond:release()
    asyncio.sleep(0)
    print(list(result), cond:locked())
    cond:release()
    asyncio.sleep(0)
    print(list(result), cond:locked())
    cond:release()
    finish:set()
    asyncio.gather(t1, t2, t3)
    print(t1:result(), t2:result(), t3:result(), tostring(cond))
end)

-- test_locks.py ConditionTests.test_wait_cancel
section("test_wait_cancel", function()
    local cond = asyncio.Condition()
    cond:acquire()
    local wait = asyncio.create_task(function()
        local ok, err = pcall(cond.wait, cond)
        print("in task:", ok, tostring(err), "locked:", cond:locked(), tostring(cond))
        cond:release()
        error(err, 0)
    end)
    asyncio.sleep(0)
    print("waiting:", tostring(cond))
    wait:cancel()
    local ok, err = pcall(wait.await, wait)
    print(ok, tostring(err), wait:cancelled(), tostring(cond))
end)

-- test_locks.py ConditionTests.test_wait_cancel_contested
-- Notified, then cancelled while the lock is still taken: wait() takes the lock back before it
-- raises.
section("test_wait_cancel_contested", function()
    local cond = asyncio.Condition()
    cond:acquire()
    print(cond:locked())
    local wait_task = asyncio.create_task(function()
        local ok, err = pcall(cond.wait, cond)
        print("wait ->", ok, tostring(err), "locked:", cond:locked())
        cond:release()
        if not ok then error(err, 0) end
    end)
    asyncio.sleep(0)
    print(cond:locked())
    cond:acquire()
    print(cond:locked())
    cond:notify()
    wait_task:cancel()
    cond:release()
    local ok, err = pcall(wait_task.await, wait_task)
    print(ok, tostring(err), tostring(cond))
end)

-- test_locks.py ConditionTests.test_wait_cancel_after_notify (bpo-32841)
section("test_wait_cancel_after_notify", function()
    local waited = false
    local cond = asyncio.Condition()
    local waiter = asyncio.create_task(function()
        cond:with(function()
            waited = true
            cond:wait()
        end)
    end)
    asyncio.sleep(0)
    cond:acquire()
    cond:notify()
    asyncio.sleep(0) -- the waiter goes on to re-acquire the lock
    waiter:cancel()
    asyncio.sleep(0)
    cond:release()
    asyncio.sleep(0)
    print("cancelled:", waiter:cancelled(), "waited:", waited, tostring(cond))
end)

-- test_locks.py ConditionTests.test_wait_unacquired
section("test_wait_unacquired", function()
    local cond = asyncio.Condition()
    local ok, err = pcall(cond.wait, cond)
    print(ok, tostring(err), asyncio.RuntimeError:is(err))
end)

-- test_locks.py ConditionTests.test_wait_for
section("test_wait_for", function()
    local cond = asyncio.Condition()
    local presult = false
    local result = {}
    local t = asyncio.create_task(function()
        cond:acquire()
        if cond:wait_for(function() return presult end) then
            result[#result + 1] = 1
            cond:release()
        end
        return true
    end)
    asyncio.sleep(0)
    print(list(result))
    cond:acquire()
    cond:notify()
    cond:release()
    asyncio.sleep(0)
    print(list(result))
    presult = true
    cond:acquire()
    cond:notify()
    cond:release()
    asyncio.sleep(0)
    print(list(result), t:done(), t:result(), tostring(cond))
end)

-- test_locks.py ConditionTests.test_wait_for_unacquired
-- A predicate already true returns its value without needing the lock; otherwise RuntimeError.
section("test_wait_for_unacquired", function()
    local cond = asyncio.Condition()
    local res = cond:wait_for(function() return { 1, 2, 3 } end)
    print(list(res))
    local ok, err = pcall(cond.wait_for, cond, function() return false end)
    print(ok, tostring(err))
end)

-- test_locks.py ConditionTests.test_notify
section("test_notify", function()
    local cond = asyncio.Condition()
    local result = {}
    local function c(n)
        return function()
            cond:acquire()
            if cond:wait() then
                result[#result + 1] = n
                cond:release()
            end
            return true
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    local t3 = asyncio.create_task(c(3))
    asyncio.sleep(0)
    print(list(result))
    cond:acquire()
    cond:notify(1)
    cond:release()
    asyncio.sleep(0)
    print(list(result))
    cond:acquire()
    cond:notify(1)
    cond:notify(2048)
    cond:release()
    asyncio.sleep(0)
    print(list(result))
    print(t1:done(), t2:done(), t3:done(), tostring(cond))
end)

-- test_locks.py ConditionTests.test_notify_all
section("test_notify_all", function()
    local cond = asyncio.Condition()
    local result = {}
    local function c(n)
        return function()
            cond:acquire()
            if cond:wait() then
                result[#result + 1] = n
                cond:release()
            end
            return true
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    asyncio.sleep(0)
    print(list(result), tostring(cond))
    cond:acquire()
    cond:notify_all()
    cond:release()
    asyncio.sleep(0)
    print(list(result), t1:result(), t2:result(), tostring(cond))
end)

-- test_locks.py ConditionTests.test_notify_unacquired / test_notify_all_unacquired
section("test_notify_unacquired", function()
    local cond = asyncio.Condition()
    local ok, err = pcall(cond.notify, cond)
    print(ok, tostring(err), asyncio.RuntimeError:is(err))
    ok, err = pcall(cond.notify_all, cond)
    print(ok, tostring(err), asyncio.RuntimeError:is(err))
    ok, err = pcall(cond.release, cond)
    print("release unacquired:", ok, tostring(err))
end)

-- test_locks.py ConditionTests.test_repr
section("test_repr", function()
    local cond = asyncio.Condition()
    print(tostring(cond))
    cond:acquire()
    print(tostring(cond))
    local function waiter()
        cond:acquire()
        cond:wait()
        cond:release()
    end
    local w1 = asyncio.create_task(waiter)
    local w2 = asyncio.create_task(waiter)
    cond:release()
    asyncio.sleep(0)
    print(tostring(cond))
    cond:acquire()
    print(tostring(cond))
    cond:notify_all()
    cond:release()
    asyncio.gather(w1, w2)
    print(tostring(cond))
end)

-- test_locks.py ConditionTests.test_context_manager
section("test_context_manager", function()
    local cond = asyncio.Condition()
    print(cond:locked())
    print(cond:with(function() return cond:locked(), "result" end))
    print(cond:locked())
end)

-- test_locks.py ConditionTests.test_explicit_lock
section("test_explicit_lock", function()
    local function f(lock, cond)
        lock = lock or asyncio.Lock()
        cond = cond or asyncio.Condition(lock)
        local seen = {}
        seen[#seen + 1] = tostring(lock:locked()) .. "/" .. tostring(cond:locked())
        cond:with(function() seen[#seen + 1] = tostring(lock:locked()) .. "/" .. tostring(cond:locked()) end)
        seen[#seen + 1] = tostring(lock:locked()) .. "/" .. tostring(cond:locked())
        lock:with(function() seen[#seen + 1] = tostring(lock:locked()) .. "/" .. tostring(cond:locked()) end)
        seen[#seen + 1] = tostring(lock:locked()) .. "/" .. tostring(cond:locked())
        print(list(seen))
    end
    f()
    f(asyncio.Lock())
    local lock = asyncio.Lock()
    f(lock, asyncio.Condition(lock))
    -- Tide's Condition takes a Lock (CPython accepts any lock-like object).
    local ok = pcall(asyncio.Condition, asyncio.Semaphore(1))
    print("Condition(Semaphore) accepted:", ok)
end)

-- test_locks.py ConditionTests.test_timeout_in_block
-- CPython 3.12+ runs wait_for's coroutine in the calling task, under asyncio.timeout: here
-- the wait runs directly under asyncio.timeout, inside the with block. The TimeoutError comes
-- out with the lock taken again.
section("test_timeout_in_block", function()
    local cond = asyncio.Condition()
    cond:with(function()
        local ok, err = pcall(asyncio.timeout, 0.5, cond.wait, cond)
        print(ok, tostring(err), "locked:", cond:locked(), now())
    end)
    print(tostring(cond))
end)

-- test_locks.py ConditionTests.test_timeout_in_block, through wait_for (which runs a
-- function as a new task in Tide): the whole with block is the awaited function.
section("test_timeout_in_block (wait_for)", function()
    local cond = asyncio.Condition()
    local ok, err = pcall(asyncio.wait_for, function()
        return cond:with(function() return cond:wait() end)
    end, 0.5)
    print(ok, tostring(err), "locked:", cond:locked(), tostring(cond), now())
end)

-- test_locks.py ConditionTests.test_cancelled_error_wakeup
-- Cancelled while waiting for the notify: the CancelledError (with its message) comes out of
-- wait_for with the lock held again.
section("test_cancelled_error_wakeup", function()
    local wake = false
    local cond = asyncio.Condition()
    local raised
    local task = asyncio.create_task(function()
        cond:with(function()
            local ok, err = pcall(cond.wait_for, cond, function() return wake end)
            print("in task:", ok, tostring(err), "locked:", cond:locked())
            raised = err
            error(err, 0)
        end)
    end)
    asyncio.sleep(0)
    task:cancel("foo")
    local ok, err = pcall(task.await, task)
    print(ok, tostring(err), task:cancelled(), "message:", err and err.message)
    print("same object:", rawequal(err, raised), tostring(cond))
end)

-- test_locks.py ConditionTests.test_cancelled_error_re_aquire
-- Notified, then cancelled while taking the lock back: the CancelledError comes out with the
-- lock held again.
section("test_cancelled_error_re_aquire", function()
    local wake = false
    local cond = asyncio.Condition()
    local raised
    local task = asyncio.create_task(function()
        cond:with(function()
            local ok, err = pcall(cond.wait_for, cond, function() return wake end)
            print("in task:", ok, tostring(err), "locked:", cond:locked())
            raised = err
            error(err, 0)
        end)
    end)
    asyncio.sleep(0)
    cond:acquire()
    wake = true
    cond:notify()
    asyncio.sleep(0) -- the task is now waiting for the lock
    task:cancel("foo")
    cond:release()
    local ok, err = pcall(task.await, task)
    print(ok, tostring(err), task:cancelled(), "message:", err and err.message)
    print("same object:", rawequal(err, raised), tostring(cond))
end)

-- test_locks.py ConditionTests.test_cancelled_error_re_aquire, cancelled twice: once while
-- waiting for the notify, again while taking the lock back. CPython's wait re-raises the most
-- recent CancelledError ("Re-raise most recent exception instance").
section("cancelled while waiting and again while re-acquiring", function()
    local cond = asyncio.Condition()
    local t = asyncio.create_task(function()
        cond:acquire()
        local ok, err = pcall(cond.wait, cond)
        print("wait raised:", tostring(err), "locked:", cond:locked())
        cond:release()
        error(err, 0)
    end)
    asyncio.sleep(0)
    cond:acquire() -- the lock is taken: t has to wait for it after leaving the wait
    t:cancel("first")
    asyncio.sleep(0)
    t:cancel("second")
    asyncio.sleep(0)
    cond:release()
    local ok, err = pcall(t.await, t)
    print(ok, tostring(err), t:cancelled(), tostring(cond))
end)

-- test_locks.py ConditionTests.test_cancelled_wakeup
-- notify(1) wakes consumer 0, which is cancelled before it runs: the wakeup must pass on to
-- consumer 1, which consumes the item.
section("test_cancelled_wakeup", function()
    local condition = asyncio.Condition()
    local state = 0
    local consumed = {}
    local function consumer(name)
        condition:with(function()
            while true do
                condition:wait_for(function() return state ~= 0 end)
                if state < 0 then return end
                state = state - 1
                consumed[#consumed + 1] = name .. "@" .. now()
            end
        end)
    end
    local c = { asyncio.create_task(consumer, "c0"), asyncio.create_task(consumer, "c1") }
    asyncio.sleep(0)
    condition:with(function()
        state = state + 1
        condition:notify(1)
        c[1]:cancel()
        local ok, err = pcall(asyncio.timeout, 0.01, condition.wait_for, condition, function() return state == 0 end)
        print("wait_for state == 0:", ok, ok or tostring(err), "state:", state, now())
        state = -1
        condition:notify_all()
    end)
    c[2]:await()
    print(list(consumed), c[1]:cancelled(), c[2]:done(), tostring(condition))
end)

-- test_locks.py ConditionTests.test_cancelled_wakeup_relock
-- Same, but consumer 0 is cancelled while it waits to take the lock back.
section("test_cancelled_wakeup_relock", function()
    local condition = asyncio.Condition()
    local state = 0
    local consumed = {}
    local function consumer(name)
        condition:with(function()
            while true do
                condition:wait_for(function() return state ~= 0 end)
                if state < 0 then return end
                state = state - 1
                consumed[#consumed + 1] = name .. "@" .. now()
            end
        end)
    end
    local c = { asyncio.create_task(consumer, "c0"), asyncio.create_task(consumer, "c1") }
    asyncio.sleep(0)
    condition:with(function()
        state = state + 1
        condition:notify(1)
        asyncio.sleep(0) -- c0 wakes and waits for the lock
        c[1]:cancel()
        local ok, err = pcall(asyncio.timeout, 0.01, condition.wait_for, condition, function() return state == 0 end)
        print("wait_for state == 0:", ok, ok or tostring(err), "state:", state, now())
        state = -1
        condition:notify_all()
    end)
    c[2]:await()
    print(list(consumed), c[1]:cancelled(), c[2]:done(), tostring(condition))
end)

-- test_locks.py ConditionTests.test_cancelled_wakeup, counted: notify(1) reaches c0, which
-- is cancelled before it runs. c0's wait raises CancelledError and passes the notification on
-- to one other waiter (c1); c2 is not woken.
section("a notify passed on by a cancelled waiter wakes exactly one other", function()
    local cond = asyncio.Condition()
    local woken = {}
    local function waiter(name)
        cond:with(function()
            local ok, err = pcall(cond.wait, cond)
            woken[#woken + 1] = name .. ":" .. (ok and "woken" or tostring(err))
            if not ok then error(err, 0) end
        end)
    end
    local t = {}
    for i = 0, 2 do t[#t + 1] = asyncio.create_task(waiter, "c" .. i) end
    asyncio.sleep(0)
    cond:with(function() cond:notify(1) end)
    t[1]:cancel()
    asyncio.sleep(0.1)
    print(list(woken), tostring(cond))
    cond:with(function() cond:notify_all() end)
    asyncio.gather(t, { return_exceptions = true })
    print(list(woken), tostring(cond))
end)

-- notify(n) wakes the n longest-waiting tasks, first come first served.
section("notify order is FIFO", function()
    local cond = asyncio.Condition()
    local order = {}
    local tasks = {}
    for i = 1, 4 do
        tasks[i] = asyncio.create_task(function()
            asyncio.sleep(0.1 * (5 - i)) -- w4 waits first, w1 last
            cond:with(function()
                cond:wait()
                order[#order + 1] = "w" .. i
            end)
        end)
    end
    asyncio.sleep(1)
    cond:with(function() cond:notify(2) end)
    asyncio.sleep(0.1)
    print(list(order), tostring(cond))
    cond:with(function() cond:notify_all() end)
    asyncio.gather(tasks)
    print(list(order), tostring(cond))
end)

print("done")
