-- CPython-derived behaviour tests for asyncio.wait_for (Lib/test/test_asyncio/test_waitfor.py:
-- AsyncioWaitForTest, WaitForShieldTests). Each section mirrors one CPython test in Tide's Lua
-- API and prints the order of events, virtual times, results and error types.
-- Lua API shapes: wait_for(awaitable, timeout) takes a Task or a function (run as a new task);
-- `asyncio.shield(task)` awaits, so CPython's wait_for(shield(task)) is
-- wait_for(function() return asyncio.shield(task) end, timeout). A task that deliberately
-- keeps going after a CancelledError calls uncancel() (else Tide reports it as swallowed).
-- CPython's _EPSILON (0.0001 s) is 0.01 s here so that the times show.
-- Times are virtual seconds since the section began, printed with %.2f.
local T0 = 0 -- virtual time at the start of the current section
local function now() return string.format("%.2f", asyncio.time() - T0) end
local function section(name, body)
    print("== " .. name)
    T0 = asyncio.time()
    local ok, err = pcall(body)
    if not ok then print("!! section failed: " .. tostring(err)) end
end
local function try(fn, ...)
    local res = table.pack(pcall(fn, ...))
    if res[1] then
        if res.n == 1 then return "ok" end
        local parts = {}
        for i = 2, res.n do parts[#parts + 1] = tostring(res[i]) end
        return "ok " .. table.concat(parts, " ")
    end
    return tostring(res[2])
end
local EPSILON = 0.01

-- A task that runs for `duration`, ignoring cancel requests until its time is up; it then
-- re-raises the last CancelledError it got, if any (test_waitfor.py's SlowTask).
local function slow_task(duration)
    local self = { exited = false }
    function self.run()
        local exit_at = asyncio.time() + duration
        local cancelled
        while true do
            local tosleep = exit_at - asyncio.time()
            if tosleep <= 1e-9 then break end
            local ok, err = pcall(asyncio.sleep, tosleep)
            if not ok then cancelled = err end
        end
        self.exited = true
        self.exited_at = now()
        if cancelled then error(cancelled, 0) end
    end
    return self
end

-- test_waitfor.py AsyncioWaitForTest.test_asyncio_wait_for_cancelled
-- Cancelling the task inside wait_for waits until the inner task has really finished.
-- (CPython 3.12 runs the coroutine inside the waiting task, so it has started when the cancel
-- comes; here the function becomes a task of its own, which is let start first: a task
-- cancelled before it ever ran never runs.)
section("test_asyncio_wait_for_cancelled", function()
    local t = slow_task(0.2)
    local waitfortask = asyncio.create_task(function() return asyncio.wait_for(t.run, 0.4) end)
    asyncio.sleep(0)
    asyncio.sleep(0)
    waitfortask:cancel()
    asyncio.wait({ waitfortask })
    print(t.exited, t.exited_at, try(waitfortask.await, waitfortask), now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_asyncio_wait_for_timeout
section("test_asyncio_wait_for_timeout", function()
    local t = slow_task(0.2)
    local ok, err = pcall(asyncio.wait_for, t.run, 0.1)
    print(ok, tostring(err), t.exited, t.exited_at, now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done
section("test_wait_for_timeout_less_then_0_or_0_future_done", function()
    local fut = asyncio.create_task(function() return "done" end)
    asyncio.sleep(0)
    print(asyncio.wait_for(fut, 0), fut:done(), now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
section("test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started", function()
    local foo_started = false
    local ok, err = pcall(asyncio.wait_for, function() foo_started = true end, 0)
    print(ok, tostring(err), "started:", foo_started, now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
section("test_wait_for_timeout_less_then_0_or_0", function()
    for _, timeout in ipairs({ 0, -1 }) do
        local foo_running
        local started = asyncio.Event()
        local fut = asyncio.create_task(function()
            foo_running = true
            started:set()
            local ok, err = pcall(asyncio.sleep, 10)
            foo_running = false
            if not ok then error(err, 0) end
            return "done"
        end)
        started:wait()
        local ok, err = pcall(asyncio.wait_for, fut, timeout)
        print(timeout, ok, tostring(err), fut:done(), fut:cancelled(), "running:", foo_running, now())
    end
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for
section("test_wait_for", function()
    local foo_running
    local fut = asyncio.create_task(function()
        foo_running = true
        local ok, err = pcall(asyncio.sleep, 10)
        foo_running = false
        if not ok then error(err, 0) end
        return "done"
    end)
    local ok, err = pcall(asyncio.wait_for, fut, 0.1)
    print(ok, tostring(err), fut:done(), fut:cancelled(), "running:", foo_running, now())
    print("cancelling:", asyncio.current_task():cancelling())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_blocking
section("test_wait_for_blocking", function()
    print(asyncio.wait_for(function() return "done" end, nil), now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_race_condition
section("test_wait_for_race_condition", function()
    local ev = asyncio.Event()
    local fut = asyncio.create_task(function() ev:wait() return "ok" end)
    asyncio.create_task(function() asyncio.sleep(0.1) ev:set() end)
    print(asyncio.wait_for(fut, 0.2), now())
    -- Set on the very instant of the deadline is too late: every timer due is handled
    -- before any task runs, so the timeout cancels first (as in CPython's loop).
    local ev2 = asyncio.Event()
    local fut2 = asyncio.create_task(function() ev2:wait() return "ok" end)
    asyncio.sleep(0)
    local setter = asyncio.create_task(function() asyncio.sleep(0.1) ev2:set() end)
    print(try(asyncio.wait_for, fut2, 0.1), now())
    setter:await()
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_cancellation_race_condition
-- The inner function catches the cancellation and returns a value: wait_for returns it.
section("test_wait_for_cancellation_race_condition", function()
    local result = asyncio.wait_for(function()
        local ok, err = pcall(asyncio.sleep, 1)
        print("inner caught:", tostring(err), now())
        asyncio.current_task():uncancel()
        return 1
    end, 0.01)
    print(result, now(), "cancelling:", asyncio.current_task():cancelling())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation
section("test_wait_for_waits_for_task_cancellation", function()
    local task_done = false
    local inner_task = asyncio.create_task(function()
        local ok, err = pcall(asyncio.sleep, 10)
        if not ok then
            asyncio.sleep(EPSILON)
            task_done = true
            error(err, 0)
        end
        task_done = true
    end)
    local ok, err = pcall(asyncio.wait_for, inner_task, EPSILON)
    print(ok, tostring(err), "task done:", task_done, inner_task:cancelled(), now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0
section("test_wait_for_waits_for_task_cancellation_w_timeout_0", function()
    local task_done = false
    local ok, err = pcall(function()
        local inner_task = asyncio.create_task(function()
            local ok2, err2 = pcall(asyncio.sleep, 10)
            if not ok2 then
                asyncio.sleep(EPSILON)
                task_done = true
                error(err2, 0)
            end
            task_done = true
        end)
        asyncio.sleep(EPSILON)
        asyncio.wait_for(inner_task, 0)
    end)
    print(ok, tostring(err), "task done:", task_done, now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation
section("test_wait_for_reraises_exception_during_cancellation", function()
    local FooException = { name = "FooException" }
    local inner_task = asyncio.create_task(function()
        pcall(asyncio.sleep, 0.2)
        error(FooException)
    end)
    local ok, err = pcall(asyncio.wait_for, inner_task, EPSILON)
    print(ok, rawequal(err, FooException), err and err.name, now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_cancel_blocking_wait_for / test_cancel_wait_for
-- (Python issue #23219: cancelling the wait cancels the task it waits for)
section("test_cancel_wait_for", function()
    for _, timeout in ipairs({ false, 60.0 }) do
        local never = asyncio.Event()
        local task = asyncio.create_task(function() never:wait() end)
        local wait = asyncio.create_task(function() return asyncio.wait_for(task, timeout or nil) end)
        asyncio.sleep(0)
        wait:cancel()
        print(timeout, try(wait.await, wait), task:cancelled(), now())
    end
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_cancel_suppressed (GH-86296)
-- The task suppresses the cancellation and returns a value: wait_for returns the value.
section("test_wait_for_cancel_suppressed", function()
    local res = asyncio.wait_for(function()
        local ok = pcall(asyncio.sleep, 10)
        if not ok then
            asyncio.current_task():uncancel()
            return 42
        end
    end, 0.1)
    print(res, now())
end)

-- test_waitfor.py AsyncioWaitForTest.test_wait_for_issue86296
-- The inner task is already done when wait_for runs; a cancel that comes later still cancels
-- the caller at its next await.
section("test_wait_for_issue86296", function()
    local inner_task = asyncio.create_task(function() return "done" end)
    local reached_end = false
    local task = asyncio.create_task(function()
        asyncio.wait_for(inner_task, 100)
        asyncio.sleep(1)
        reached_end = true
    end)
    print(task:done())
    asyncio.sleep(0)
    task:cancel()
    print(try(task.await, task), inner_task:done(), inner_task:await(), "reached end:", reached_end, now())
end)

-- test_waitfor.py WaitForShieldTests.test_zero_timeout
section("WaitForShieldTests.test_zero_timeout", function()
    local task = asyncio.create_task(function()
        asyncio.sleep(0.01)
        return "done"
    end)
    local shielded_task = asyncio.create_task(function() return asyncio.shield(task) end)
    local ok, err = pcall(asyncio.wait_for, shielded_task, 0)
    print(ok, tostring(err), task:done(), task:cancelled(), shielded_task:cancelled())
    asyncio.sleep(0.1)
    print(task:done(), task:result(), now())
end)

-- test_waitfor.py WaitForShieldTests.test_none_timeout
section("WaitForShieldTests.test_none_timeout", function()
    local task = asyncio.create_task(function()
        asyncio.sleep(0.1)
        return "done"
    end)
    print(asyncio.wait_for(function() return asyncio.shield(task) end, nil), task:done(), task:await(), now())
end)

-- test_waitfor.py WaitForShieldTests.test_shielded_timeout
section("WaitForShieldTests.test_shielded_timeout", function()
    local task = asyncio.create_task(function()
        asyncio.sleep(0.1)
        return "done"
    end)
    local ok, err = pcall(asyncio.wait_for, function() return asyncio.shield(task) end, 0.01)
    print(ok, tostring(err), task:done(), task:cancelled(), now())
    print(task:await(), now())
end)

-- wait_for returns every result of the awaitable; script errors pass through unchanged.
section("wait_for results and errors", function()
    print(asyncio.wait_for(function() asyncio.sleep(0.1) return 1, nil, "three" end, 0.5))
    print(select("#", asyncio.wait_for(function() return 1, nil, "three" end, 0.5)))
    local tbl = {}
    local ok, err = pcall(asyncio.wait_for, function() error(tbl) end, 1)
    print(ok, rawequal(err, tbl))
    print(pcall(asyncio.wait_for, function() error("inner error", 0) end, 1))
    print(now())
end)

-- A TimeoutError from wait_for leaves the caller uncancelled, and it can await again at once.
section("wait_for leaves the caller able to go on", function()
    local ok, err = pcall(asyncio.wait_for, function() asyncio.sleep(1) end, 0.1)
    print(ok, tostring(err), asyncio.current_task():cancelling(), now())
    asyncio.sleep(0.1)
    print("slept on", now())
end)

print("done")
