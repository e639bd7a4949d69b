-- CPython-derived behaviour tests for asyncio.timeout and asyncio.timeout_at
-- (Lib/test/test_asyncio/test_timeouts.py, TimeoutTests). Each section mirrors one CPython test
-- in Tide's Lua API and prints the order of events, virtual times and error types.
-- Lua API shape: `async with asyncio.timeout(d): body` is asyncio.timeout(d, body_fn, ...),
-- which returns the body's results; there is no context-manager object, so the tests of
-- cm.expired(), cm.when(), cm.reschedule() and repr(cm) have no counterpart. Where CPython's
-- test blocks the loop with time.sleep, the virtual clock cannot; the nesting is kept.
-- A section that swallows a cancellation on purpose runs in its own task and withdraws it with
-- uncancel() at the end (else Tide reports the swallowed cancellation).
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
local function cancelling() return asyncio.current_task():cancelling() end

-- test_timeouts.py TimeoutTests.test_timeout_basic
section("test_timeout_basic", function()
    local ok, err = pcall(asyncio.timeout, 0.01, asyncio.sleep, 10)
    print(ok, tostring(err), asyncio.TimeoutError:is(err), now(), "cancelling:", cancelling())
end)

-- test_timeouts.py TimeoutTests.test_timeout_at_basic
section("test_timeout_at_basic", function()
    local deadline = asyncio.time() + 0.01
    local ok, err = pcall(asyncio.timeout_at, deadline, asyncio.sleep, 10)
    print(ok, tostring(err), now(), asyncio.time() == deadline)
end)

-- test_timeouts.py TimeoutTests.test_nested_timeouts
-- Two blocks with the same deadline: only the outer one raises TimeoutError; the inner block
-- lets the CancelledError through.
section("test_nested_timeouts", function()
    local cancelled = false
    local deadline = asyncio.time() + 0.01
    local ok, err = pcall(asyncio.timeout_at, deadline, function()
        local ok2, err2 = pcall(asyncio.timeout_at, deadline, asyncio.sleep, 10)
        print("inner block raised:", tostring(err2))
        if asyncio.CancelledError:is(err2) then cancelled = true end
        error(err2, 0)
    end)
    print(ok, tostring(err), "cancelled:", cancelled, now(), "cancelling:", cancelling())
end)

-- test_timeouts.py TimeoutTests.test_waiter_cancelled
section("test_waiter_cancelled", function()
    local cancelled = false
    local ok, err = pcall(asyncio.timeout, 0.01, function()
        local ok2, err2 = pcall(asyncio.sleep, 10)
        if asyncio.CancelledError:is(err2) then cancelled = true end
        error(err2, 0)
    end)
    print(ok, tostring(err), "cancelled:", cancelled, now())
end)

-- test_timeouts.py TimeoutTests.test_timeout_not_called
section("test_timeout_not_called", function()
    print(try(asyncio.timeout, 10, function() asyncio.sleep(0.01) return "result", 2 end), now())
    -- The disarmed timer does not fire later.
    asyncio.sleep(20)
    print("still fine", now(), "cancelling:", cancelling())
end)

-- test_timeouts.py TimeoutTests.test_timeout_disabled / test_timeout_at_disabled
section("test_timeout_disabled", function()
    print(try(asyncio.timeout, nil, function() asyncio.sleep(0.01) return "a" end), now())
    print(try(asyncio.timeout_at, nil, function() asyncio.sleep(0.01) return "b" end), now())
end)

-- test_timeouts.py TimeoutTests.test_timeout_zero
section("test_timeout_zero", function()
    print(try(asyncio.timeout, 0, asyncio.sleep, 10), now())
end)

-- test_timeouts.py TimeoutTests.test_timeout_zero_sleep_zero
section("test_timeout_zero_sleep_zero", function()
    print(try(asyncio.timeout, 0, asyncio.sleep, 0), now())
end)

-- test_timeouts.py TimeoutTests.test_timeout_in_the_past_sleep_zero
section("test_timeout_in_the_past_sleep_zero", function()
    print(try(asyncio.timeout, -11, asyncio.sleep, 0), now())
end)

-- A body that never awaits finishes before a zero timeout can strike.
section("timeout zero, body that never awaits", function()
    print(try(asyncio.timeout, 0, function() return "no await" end), now(), "cancelling:", cancelling())
    asyncio.sleep(0)
    print("a later await is not hit", now())
end)

-- test_timeouts.py TimeoutTests.test_foreign_exception_passed
section("test_foreign_exception_passed", function()
    local KeyError = { name = "KeyError" }
    local ok, err = pcall(asyncio.timeout, 0.01, function() error(KeyError) end)
    print(ok, rawequal(err, KeyError), now())
    asyncio.sleep(0.02)
    print("no late cancel", now())
end)

-- test_timeouts.py TimeoutTests.test_foreign_exception_on_timeout
section("test_foreign_exception_on_timeout", function()
    local ok, err = pcall(asyncio.timeout, 0.01, function()
        pcall(asyncio.sleep, 1)
        error("ZeroDivisionError stand-in", 0)
    end)
    print(ok, err, now(), "cancelling:", cancelling())
end)

-- test_timeouts.py TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired
section("test_foreign_cancel_doesnt_timeout_if_not_expired", function()
    local t = asyncio.create_task(function()
        return asyncio.timeout(10, function()
            asyncio.current_task():cancel()
            asyncio.sleep(10)
        end)
    end)
    print(try(t.await, t), t:cancelled(), now())
end)

-- test_timeouts.py TimeoutTests.test_outer_task_is_not_cancelled
section("test_outer_task_is_not_cancelled", function()
    local task = asyncio.create_task(function()
        local ok, err = pcall(asyncio.timeout, 0.001, asyncio.sleep, 10)
        return tostring(err), asyncio.current_task():cancelling()
    end)
    print(task:await())
    print(task:cancelled(), task:done(), now())
end)

-- test_timeouts.py TimeoutTests.test_nested_timeouts_concurrent
-- The outer deadline comes first: the inner block lets the CancelledError through, the outer
-- one turns it into TimeoutError.
section("test_nested_timeouts_concurrent", function()
    local ok, err = pcall(asyncio.timeout, 0.02, function()
        local ok2, err2 = pcall(asyncio.timeout, 0.1, asyncio.sleep, 1)
        print("inner block raised:", tostring(err2), now())
        error(err2, 0)
    end)
    print(ok, tostring(err), now())
end)

-- test_timeouts.py TimeoutTests.test_nested_timeouts_loop_busy
-- The inner deadline passes first and is caught inside; the outer one then interrupts the
-- next sleep.
section("test_nested_timeouts_loop_busy", function()
    local ok, err = pcall(asyncio.timeout, 0.1, function()
        local ok2, err2 = pcall(asyncio.timeout, 0.01, asyncio.sleep, 1)
        print("inner:", tostring(err2), now())
        asyncio.sleep(10)
    end)
    print(ok, tostring(err), now(), "cancelling:", cancelling())
end)

-- test_timeouts.py TimeoutTests.test_nested_timeout_in_finally
section("test_nested_timeout_in_finally", function()
    local ok, err = pcall(asyncio.timeout, 0.01, function()
        local ok1, err1 = pcall(asyncio.sleep, 1)
        -- finally:
        local ok2, err2 = pcall(asyncio.timeout, 0.01, asyncio.sleep, 10)
        print("finally block:", tostring(err2), now())
        if not ok1 then error(err1, 0) end
    end)
    print(ok, tostring(err), now(), "cancelling:", cancelling())
end)

-- test_timeouts.py TimeoutTests.test_timeout_after_cancellation
-- The task swallowed a cancellation (cancelling() is 1) and then uses a timeout in cleanup.
section("test_timeout_after_cancellation", function()
    local t = asyncio.create_task(function()
        asyncio.current_task():cancel()
        local ok, err = pcall(asyncio.sleep, 1)
        print("work:", tostring(err), "cancelling:", cancelling())
        -- finally:
        print("cleanup:", try(asyncio.timeout, 0.0, asyncio.sleep, 1), now(), "cancelling:", cancelling())
        asyncio.current_task():uncancel()
    end)
    t:await()
    print(t:cancelled(), now())
end)

-- test_timeouts.py TimeoutTests.test_cancel_in_timeout_after_cancellation
section("test_cancel_in_timeout_after_cancellation", function()
    local t = asyncio.create_task(function()
        asyncio.current_task():cancel()
        pcall(asyncio.sleep, 1)
        -- finally:
        local r = try(asyncio.timeout, 1.0, function()
            asyncio.current_task():cancel()
            asyncio.sleep(2)
        end)
        print("cleanup:", r, now(), "cancelling:", cancelling())
        asyncio.current_task():uncancel()
        asyncio.current_task():uncancel()
    end)
    t:await()
    print(t:cancelled(), now())
end)

-- test_timeouts.py TimeoutTests.test_timeout_taskgroup
-- The timeout interrupts a task group whose body is in a "finally" after raising ValueError;
-- its child crashes in cleanup. The group's ExceptionGroup holds only the child's error and
-- passes through the timeout as is.
section("test_timeout_taskgroup", function()
    local ok, err = pcall(asyncio.timeout, 0.01, function()
        asyncio.task_group(function(tg)
            tg:create_task(function()
                pcall(asyncio.sleep, 2)
                error("ZeroDivisionError stand-in", 0)
            end)
            local _, value_error = pcall(error, asyncio.ValueError("raised in body"))
            asyncio.sleep(1) -- the finally clause: interrupted by the timeout
            error(value_error, 0)
        end)
    end)
    print(ok, err and err.type, err and err.errors and #err.errors)
    if err and err.errors then for i, e in ipairs(err.errors) do print(i, tostring(e)) end end
    print(now(), "cancelling:", cancelling())
end)

-- timeout returns every result of the body; arguments are passed on.
section("timeout results and arguments", function()
    print(asyncio.timeout(1, function(a, b) asyncio.sleep(0.1) return a + b, nil, "three" end, 1, 2))
    print(select("#", asyncio.timeout_at(asyncio.time() + 1, function() return 1, nil, 3 end)))
    print(now())
end)

-- A TimeoutError leaves the task uncancelled: it can await again straight away.
section("timeout leaves the task able to go on", function()
    print(try(asyncio.timeout, 0.05, asyncio.sleep, 1), now())
    asyncio.sleep(0.1)
    print("slept on", now(), "cancelling:", cancelling())
end)

print("done")
