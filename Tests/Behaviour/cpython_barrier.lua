-- CPython-derived behaviour tests for asyncio.Barrier (Lib/test/test_asyncio/test_locks.py,
-- BarrierTests). Each section mirrors one CPython test in Tide's Lua API and prints the order of
-- events, virtual times, error types and tostring(barrier) =
-- "Barrier(filling|draining|resetting|broken, waiters=N/parties)".
-- Lua API shapes: `async with barrier as i` is `local i = barrier:wait()`; n_waiting() and
-- broken() are methods, parties a field; reset() and abort() are plain calls. Tide's tostring
-- keeps the waiters count when broken (CPython's repr drops it).
-- Times are virtual seconds since the section began, printed with %.2f.
local T0 = 0 -- virtual time at the start of the current section
local function now() return string.format("%.2f", asyncio.time() - T0) end
local function list(t)
    local parts = {}
    for i = 1, #t do parts[i] = tostring(t[i]) end
    return "[" .. table.concat(parts, ", ") .. "]"
end
local function sorted(t)
    local copy = { table.unpack(t) }
    table.sort(copy, function(a, b) return tostring(a) < tostring(b) end)
    return list(copy)
end
local function section(name, body)
    print("== " .. name)
    T0 = asyncio.time()
    local ok, err = pcall(body)
    if not ok then print("!! section failed: " .. tostring(err)) end
end
local function make_tasks(n, fn)
    local tasks = {}
    for i = 1, n do tasks[i] = asyncio.create_task(fn, i) end
    return tasks
end
local function outcomes(tasks)
    local parts = {}
    for i, t in ipairs(tasks) do
        local ok, res = pcall(t.result, t)
        parts[i] = ok and tostring(res) or tostring(res)
    end
    return "[" .. table.concat(parts, ", ") .. "]"
end

-- test_locks.py BarrierTests.test_barrier
section("test_barrier", function()
    local barrier = asyncio.Barrier(5)
    print(tostring(barrier), barrier.parties, barrier:n_waiting(), barrier:broken())
end)

-- test_locks.py BarrierTests.test_repr
section("test_repr", function()
    local barrier = asyncio.Barrier(5)
    print(tostring(barrier))
    local waiters = {}
    local function add(n)
        for _ = 1, n do waiters[#waiters + 1] = asyncio.create_task(function() return barrier:wait() end) end
    end
    add(2)
    asyncio.sleep(0)
    print(tostring(barrier))
    add(barrier.parties - barrier:n_waiting())
    asyncio.sleep(0)
    print(tostring(barrier))
    add(2)
    asyncio.sleep(0)
    barrier:reset()
    print(tostring(barrier))
    add(2)
    asyncio.sleep(0)
    barrier:abort()
    print(tostring(barrier), barrier:broken())
    asyncio.gather(waiters, { return_exceptions = true })
    print(outcomes(waiters))
end)

-- test_locks.py BarrierTests.test_barrier_parties
section("test_barrier_parties", function()
    for _, n in ipairs({ 0, -4 }) do
        local ok, err = pcall(asyncio.Barrier, n)
        print(n, ok, tostring(err), asyncio.ValueError:is(err))
    end
    print(tostring(asyncio.Barrier(5)))
end)

-- test_locks.py BarrierTests.test_context_manager
section("test_context_manager", function()
    local barrier = asyncio.Barrier(3)
    local results = {}
    local tasks = make_tasks(3, function()
        local i = barrier:wait()
        results[#results + 1] = i
    end)
    asyncio.gather(tasks)
    print(sorted(results), list(results), barrier:n_waiting(), barrier:broken())
end)

-- test_locks.py BarrierTests.test_filling_one_task
section("test_filling_one_task", function()
    local barrier = asyncio.Barrier(1)
    print(barrier:wait(), barrier:n_waiting(), barrier:broken(), tostring(barrier), now())
end)

-- test_locks.py BarrierTests.test_filling_one_task_twice
section("test_filling_one_task_twice", function()
    local barrier = asyncio.Barrier(1)
    local t1 = asyncio.create_task(function() return barrier:wait() end)
    asyncio.sleep(0)
    print(barrier:n_waiting())
    local t2 = asyncio.create_task(function() return barrier:wait() end)
    asyncio.sleep(0)
    print(t1:result(), t2:result(), t1:done(), t2:done(), barrier:n_waiting(), barrier:broken())
end)

-- test_locks.py BarrierTests.test_filling_task_by_task
section("test_filling_task_by_task", function()
    local barrier = asyncio.Barrier(3)
    local function w() return barrier:wait() end
    local t1 = asyncio.create_task(w)
    asyncio.sleep(0)
    print(barrier:n_waiting(), tostring(barrier))
    local t2 = asyncio.create_task(w)
    asyncio.sleep(0)
    print(barrier:n_waiting(), tostring(barrier))
    local t3 = asyncio.create_task(w)
    asyncio.sleep(0)
    asyncio.wait({ t1, t2, t3 })
    print(outcomes({ t1, t2, t3 }), barrier:n_waiting(), barrier:broken(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_filling_tasks_wait_twice
section("test_filling_tasks_wait_twice", function()
    local barrier = asyncio.Barrier(5)
    local results = {}
    local tasks = make_tasks(5, function()
        barrier:wait()
        results[#results + 1] = true
        barrier:wait()
        results[#results + 1] = false
    end)
    asyncio.gather(tasks)
    print(list(results), barrier:n_waiting(), barrier:broken())
end)

-- test_locks.py BarrierTests.test_filling_tasks_check_return_value
section("test_filling_tasks_check_return_value", function()
    local barrier = asyncio.Barrier(5)
    local tasks = make_tasks(5, function()
        barrier:wait()
        return barrier:wait()
    end)
    local res = asyncio.gather(tasks)
    print(list(res), sorted(res), barrier:n_waiting(), barrier:broken())
end)

-- test_locks.py BarrierTests.test_draining_state
-- Every task but the last one out sees "draining"; the last one out turns it back to filling.
section("test_draining_state", function()
    local barrier = asyncio.Barrier(5)
    local results = {}
    local tasks = make_tasks(5, function()
        barrier:wait()
        results[#results + 1] = tostring(barrier):find("draining", 1, true) ~= nil
    end)
    asyncio.gather(tasks)
    print(list(results), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_blocking_tasks_while_draining
-- Tasks that come back to the barrier while it drains are held until the drain ends.
section("test_blocking_tasks_while_draining", function()
    local barrier = asyncio.Barrier(5)
    local barrier_nowaiting = asyncio.Barrier(3)
    local rewait_n = 2
    local log = {}
    local tasks = make_tasks(5, function(i)
        barrier:wait()
        if rewait_n > 0 then
            rewait_n = rewait_n - 1
            log[#log + 1] = "t" .. i .. " rewaits"
            barrier:wait()
        else
            barrier_nowaiting:wait()
            barrier:wait()
        end
    end)
    asyncio.gather(tasks)
    print(list(log), tostring(barrier), tostring(barrier_nowaiting))
end)

-- test_locks.py BarrierTests.test_filling_tasks_cancel_one
section("test_filling_tasks_cancel_one", function()
    local barrier = asyncio.Barrier(3)
    local results = {}
    local function coro()
        barrier:wait()
        results[#results + 1] = true
    end
    local t1 = asyncio.create_task(coro)
    asyncio.sleep(0)
    print(barrier:n_waiting())
    local t2 = asyncio.create_task(coro)
    asyncio.sleep(0)
    print(barrier:n_waiting())
    t1:cancel()
    asyncio.sleep(0)
    print(barrier:n_waiting(), tostring(barrier))
    local ok, err = pcall(t1.await, t1)
    print(ok, tostring(err), t1:cancelled())
    local t3 = asyncio.create_task(coro)
    asyncio.sleep(0)
    print(barrier:n_waiting())
    local t4 = asyncio.create_task(coro)
    asyncio.gather(t2, t3, t4)
    print(list(results), barrier:n_waiting(), barrier:broken(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_reset_barrier
section("test_reset_barrier", function()
    local barrier = asyncio.Barrier(1)
    asyncio.create_task(function() barrier:reset() end)
    asyncio.sleep(0)
    print(barrier:n_waiting(), barrier:broken(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting
section("test_reset_barrier_while_tasks_waiting", function()
    local barrier = asyncio.Barrier(5)
    local results = {}
    local tasks = make_tasks(4, function()
        local ok, err = pcall(barrier.wait, barrier)
        if not ok and asyncio.BrokenBarrierError:is(err) then results[#results + 1] = tostring(err) end
    end)
    asyncio.sleep(0)
    local resetter = asyncio.create_task(function() barrier:reset() end)
    asyncio.gather(tasks)
    resetter:await()
    print(list(results))
    print(barrier:n_waiting(), barrier:broken(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining
-- While the barrier drains, a task that has passed resets it: the tasks already waiting for the
-- next round get BrokenBarrierError.
section("test_reset_barrier_when_tasks_half_draining", function()
    local barrier = asyncio.Barrier(5)
    local results1 = {}
    local rest_of_tasks = 5 // 2
    local tasks = make_tasks(5, function()
        local ok, err = pcall(barrier.wait, barrier)
        if not ok then
            results1[#results1 + 1] = tostring(err)
        elseif barrier._count == rest_of_tasks then
            barrier:reset()
        end
    end)
    asyncio.gather(tasks)
    print(list(results1), barrier:n_waiting(), barrier:broken(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking
section("test_reset_barrier_when_tasks_half_draining_half_blocking", function()
    local barrier = asyncio.Barrier(5)
    local results1, results2 = {}, {}
    local blocking_tasks = 5 // 2
    local count = 0
    local tasks = make_tasks(5, function()
        local ok, err = pcall(barrier.wait, barrier)
        if not ok then
            results1[#results1 + 1] = tostring(err)
            barrier:wait()
        else
            count = count + 1
            if count > blocking_tasks then
                barrier:reset()
                barrier:wait()
            else
                local ok2, err2 = pcall(barrier.wait, barrier)
                if not ok2 then results2[#results2 + 1] = tostring(err2) end
            end
        end
    end)
    asyncio.gather(tasks)
    print(list(results1), list(results2), barrier:n_waiting(), barrier:broken(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again
section("test_reset_barrier_while_tasks_waiting_and_waiting_again", function()
    local barrier = asyncio.Barrier(5)
    local results1, results2 = {}, {}
    local tasks = make_tasks(4, function()
        local ok, err = pcall(barrier.wait, barrier)
        if not ok and asyncio.BrokenBarrierError:is(err) then results1[#results1 + 1] = true end
        barrier:wait()
        results2[#results2 + 1] = true
    end)
    local resetter = asyncio.create_task(function() barrier:reset() end)
    asyncio.sleep(0)
    local last = asyncio.create_task(function()
        barrier:wait()
        results2[#results2 + 1] = true
    end)
    asyncio.gather(tasks)
    asyncio.gather(resetter, last)
    print(#results1, #results2, barrier:broken(), barrier:n_waiting(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_reset_barrier_while_tasks_draining
section("test_reset_barrier_while_tasks_draining", function()
    local barrier = asyncio.Barrier(5)
    local results1, results2, results3 = {}, {}, {}
    local count = 0
    local tasks = make_tasks(5, function()
        barrier:wait()
        count = count + 1
        if count == 5 then
            barrier:reset()
            barrier:wait()
        else
            local ok = pcall(barrier.wait, barrier)
            if ok then results1[#results1 + 1] = true else results2[#results2 + 1] = true end
        end
        barrier:wait()
        results3[#results3 + 1] = true
    end)
    asyncio.gather(tasks)
    print(#results1, #results2, #results3, barrier:broken(), barrier:n_waiting(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_abort_barrier
section("test_abort_barrier", function()
    local barrier = asyncio.Barrier(1)
    asyncio.create_task(function() barrier:abort() end)
    asyncio.sleep(0)
    print(barrier:n_waiting(), barrier:broken(), tostring(barrier))
    -- Waiting on a broken barrier raises at once.
    local ok, err = pcall(barrier.wait, barrier)
    print(ok, tostring(err), asyncio.BrokenBarrierError:is(err), now())
end)

-- test_locks.py BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking
section("test_abort_barrier_when_tasks_half_draining_half_blocking", function()
    local barrier = asyncio.Barrier(5)
    local results1, results2 = {}, {}
    local blocking_tasks = 5 // 2
    local count = 0
    local tasks = make_tasks(5, function()
        local ok, err = pcall(barrier.wait, barrier)
        if not ok then
            results1[#results1 + 1] = tostring(err)
        else
            count = count + 1
            if count > blocking_tasks then
                barrier:abort()
            else
                local ok2, err2 = pcall(barrier.wait, barrier)
                if not ok2 then results2[#results2 + 1] = tostring(err2) end
            end
        end
    end)
    asyncio.gather(tasks)
    print(barrier:broken(), list(results1), list(results2), barrier:n_waiting(), tostring(barrier))
end)

-- test_locks.py BarrierTests.test_abort_barrier_when_exception
section("test_abort_barrier_when_exception", function()
    local barrier = asyncio.Barrier(5)
    local results1, results2 = {}, {}
    local tasks = make_tasks(5, function()
        local ok, err = pcall(function()
            local i = barrier:wait()
            if i == 5 // 2 then error(asyncio.RuntimeError("task " .. i)) end
            barrier:wait()
            results1[#results1 + 1] = true
        end)
        if not ok then
            if asyncio.BrokenBarrierError:is(err) then
                results2[#results2 + 1] = true
            elseif asyncio.RuntimeError:is(err) then
                barrier:abort()
            end
        end
    end)
    asyncio.gather(tasks)
    print(barrier:broken(), #results1, #results2, barrier:n_waiting())
end)

-- test_locks.py BarrierTests.test_abort_barrier_when_exception_then_resetting
section("test_abort_barrier_when_exception_then_resetting", function()
    local barrier1 = asyncio.Barrier(5)
    local barrier2 = asyncio.Barrier(5)
    local results1, results2, results3 = {}, {}, {}
    local tasks = make_tasks(5, function()
        local ok, err = pcall(function()
            local i = barrier1:wait()
            if i == 5 // 2 then error(asyncio.RuntimeError("task " .. i)) end
            barrier1:wait()
            results1[#results1 + 1] = true
        end)
        if not ok then
            if asyncio.BrokenBarrierError:is(err) then
                results2[#results2 + 1] = true
            elseif asyncio.RuntimeError:is(err) then
                barrier1:abort()
            end
        end
        local i = barrier2:wait()
        if i == 5 // 2 then barrier1:reset() end
        barrier2:wait()
        barrier1:wait()
        results3[#results3 + 1] = true
    end)
    asyncio.gather(tasks)
    print(barrier1:broken(), #results1, #results2, #results3, barrier1:n_waiting(), tostring(barrier1))
end)

-- Arrival indices follow arrival order, and the barrier opens at the last arrival's time.
section("arrival index and release time", function()
    local barrier = asyncio.Barrier(3)
    local log = {}
    local tasks = make_tasks(3, function(i)
        asyncio.sleep(0.1 * (4 - i)) -- t3 arrives first
        local index = barrier:wait()
        log[#log + 1] = "t" .. i .. ":" .. index .. "@" .. now()
    end)
    asyncio.sleep(0.25)
    print(tostring(barrier))
    asyncio.gather(tasks)
    print(list(log), tostring(barrier))
end)

print("done")
