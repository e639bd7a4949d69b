-- CPython-derived behaviour tests for asyncio.task_group (Lib/test/test_asyncio/test_taskgroups.py,
-- current version). Each section mirrors one CPython test in Tide's Lua API and prints the order
-- of events, virtual times, results and error types.
-- Lua API shape: `async with asyncio.TaskGroup() as tg: body` is asyncio.task_group(function(tg)
-- body end); errors are raised as one ExceptionGroup whose `errors` field lists them (nested
-- groups nest). `1 / 0` becomes error("ZeroDivisionError", 0); a `finally` clause is code after
-- a pcall. Tests about KeyboardInterrupt/SystemExit, contextvars, re-entering a TaskGroup object
-- and reference cycles have no counterpart.
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
-- "ExceptionGroup[ZeroDivisionError, ExceptionGroup[ValueError]]", or the error's tostring.
local function describe(err)
    if asyncio.ExceptionGroup:is(err) then
        local parts = {}
        for i, e in ipairs(err.errors) do parts[i] = describe(e) end
        return "ExceptionGroup[" .. table.concat(parts, ", ") .. "]"
    end
    if type(err) == "table" and err.type then return err.type end
    return tostring(err)
end
local function outcome(fn, ...)
    local res = table.pack(pcall(fn, ...))
    if res[1] then
        if res.n == 1 then return "ok" end
        local parts = {}
        for i = 2, res.n do parts[#parts + 1] = tostring(res[i]) end
        return "ok " .. table.concat(parts, " ")
    end
    return describe(res[2])
end
local function cancelling() return asyncio.current_task():cancelling() end

-- test_taskgroups.py test_taskgroup_01
section("test_taskgroup_01", function()
    local t1, t2
    asyncio.task_group(function(g)
        t1 = g:create_task(function() asyncio.sleep(0.1) return 42 end)
        t2 = g:create_task(function() asyncio.sleep(0.2) return 11 end)
    end)
    print(t1:result(), t2:result(), now())
end)

-- test_taskgroups.py test_taskgroup_02
section("test_taskgroup_02", function()
    local t1, t2
    asyncio.task_group(function(g)
        t1 = g:create_task(function() asyncio.sleep(0.1) return 42 end)
        asyncio.sleep(0.15)
        t2 = g:create_task(function() asyncio.sleep(0.2) return 11 end)
    end)
    print(t1:result(), t2:result(), now())
end)

-- test_taskgroups.py test_taskgroup_03
-- A child cancelled explicitly is not an error: the group goes on.
section("test_taskgroup_03", function()
    local t1, t2
    asyncio.task_group(function(g)
        t1 = g:create_task(function() asyncio.sleep(1) return 42 end)
        asyncio.sleep(0.15)
        t1:cancel()
        t2 = g:create_task(function() asyncio.sleep(0.2) return 11 end)
    end)
    print(t1:cancelled(), t2:result(), now())
end)

-- test_taskgroups.py test_taskgroup_04
section("test_taskgroup_04", function()
    local NUM, t2_cancel, t2 = 0, false, nil
    local runner = asyncio.create_task(function()
        asyncio.task_group(function(g)
            g:create_task(function()
                asyncio.sleep(0.1)
                error("ZeroDivisionError", 0)
            end)
            t2 = g:create_task(function()
                local ok, err = pcall(asyncio.sleep, 1)
                if not ok then
                    t2_cancel = true
                    error(err, 0)
                end
                NUM = NUM + 1
            end)
        end)
        NUM = NUM + 10
    end)
    print(outcome(runner.await, runner), NUM, t2_cancel, t2:cancelled(), now())
end)

-- test_taskgroups.py test_cancel_children_on_child_error
section("test_cancel_children_on_child_error", function()
    local NUM, t2_cancel, runner_cancel = 0, false, false
    local function foo1()
        asyncio.sleep(0.1)
        error("ZeroDivisionError", 0)
    end
    local runner = asyncio.create_task(function()
        asyncio.task_group(function(g)
            g:create_task(foo1)
            g:create_task(foo1)
            g:create_task(foo1)
            g:create_task(function()
                local ok, err = pcall(asyncio.sleep, 5)
                if not ok then
                    t2_cancel = true
                    error(err, 0)
                end
                NUM = NUM + 1
            end)
            local ok, err = pcall(asyncio.sleep, 10)
            if not ok then
                runner_cancel = true
                error(err, 0)
            end
        end)
        NUM = NUM + 10
    end)
    print(outcome(runner.await, runner), NUM, t2_cancel, runner_cancel, now())
end)

-- test_taskgroups.py test_cancellation
section("test_cancellation", function()
    local NUM = 0
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g)
            for _ = 1, 5 do
                g:create_task(function()
                    local ok, err = pcall(asyncio.sleep, 5)
                    if not ok then
                        NUM = NUM + 1
                        error(err, 0)
                    end
                end)
            end
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), r:cancelled(), NUM, now())
end)

-- test_taskgroups.py test_taskgroup_07
section("test_taskgroup_07", function()
    local NUM = 0
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g)
            for _ = 1, 5 do
                g:create_task(function()
                    local ok, err = pcall(asyncio.sleep, 5)
                    if not ok then
                        NUM = NUM + 1
                        error(err, 0)
                    end
                end)
            end
            local ok, err = pcall(asyncio.sleep, 10)
            if not ok then
                NUM = NUM + 10
                error(err, 0)
            end
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), NUM, now())
end)

-- test_taskgroups.py test_taskgroup_08
-- The group is cancelled from outside and its children fail while cancelling: their errors
-- win over the cancellation.
section("test_taskgroup_08", function()
    local function foo()
        pcall(asyncio.sleep, 10)
        error("ZeroDivisionError", 0)
    end
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g)
            for _ = 1, 5 do g:create_task(foo) end
            asyncio.sleep(10)
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), r:cancelled(), now())
end)

-- test_taskgroups.py test_taskgroup_09
section("test_taskgroup_09", function()
    local t1, t2
    local ok, err = pcall(asyncio.task_group, function(g)
        t1 = g:create_task(function() asyncio.sleep(1) return 42 end)
        t2 = g:create_task(function() asyncio.sleep(2) return 11 end)
        asyncio.sleep(0.1)
        error("ZeroDivisionError", 0)
    end)
    print(ok, describe(err), t1:cancelled(), t2:cancelled(), now())
end)

-- test_taskgroups.py test_taskgroup_10
section("test_taskgroup_10", function()
    local t1, t2
    local ok, err = pcall(asyncio.task_group, function(g)
        t1 = g:create_task(function() asyncio.sleep(1) return 42 end)
        t2 = g:create_task(function() asyncio.sleep(2) return 11 end)
        error("ZeroDivisionError", 0)
    end)
    print(ok, describe(err), t1:cancelled(), t2:cancelled(), now())
end)

-- test_taskgroups.py test_taskgroup_11
section("test_taskgroup_11", function()
    local function foo()
        pcall(asyncio.sleep, 10)
        error("ZeroDivisionError", 0)
    end
    local r = asyncio.create_task(function()
        asyncio.task_group(function()
            asyncio.task_group(function(g2)
                for _ = 1, 5 do g2:create_task(foo) end
                asyncio.sleep(10)
            end)
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), now())
end)

-- test_taskgroups.py test_taskgroup_12
section("test_taskgroup_12", function()
    local function foo()
        pcall(asyncio.sleep, 10)
        error("ZeroDivisionError", 0)
    end
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g1)
            g1:create_task(asyncio.sleep, 10)
            asyncio.task_group(function(g2)
                for _ = 1, 5 do g2:create_task(foo) end
                asyncio.sleep(10)
            end)
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), now())
end)

-- test_taskgroups.py test_taskgroup_13 / test_taskgroup_14
section("test_taskgroup_13_14", function()
    local function crash_after(t)
        asyncio.sleep(t)
        error(asyncio.ValueError(tostring(t)))
    end
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g1)
            g1:create_task(crash_after, 0.1)
            asyncio.task_group(function(g2) g2:create_task(crash_after, 10) end)
        end)
    end)
    print("13:", outcome(r.await, r), now())
    T0 = asyncio.time()
    r = asyncio.create_task(function()
        asyncio.task_group(function(g1)
            g1:create_task(crash_after, 10)
            asyncio.task_group(function(g2) g2:create_task(crash_after, 0.1) end)
        end)
    end)
    print("14:", outcome(r.await, r), now())
end)

-- test_taskgroups.py test_taskgroup_15
-- Cancelled from outside, the body catches it and sleeps on; a child fails meanwhile: the
-- group raises the child's error.
section("test_taskgroup_15", function()
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g1)
            g1:create_task(function()
                asyncio.sleep(0.3)
                error("ZeroDivisionError", 0)
            end)
            local ok, err = pcall(asyncio.sleep, 10)
            if not ok then
                asyncio.sleep(0.5)
                error(err, 0)
            end
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), now())
end)

-- test_taskgroups.py test_taskgroup_16 (the same, one task further down)
section("test_taskgroup_16", function()
    local function nested_runner()
        asyncio.task_group(function(g1)
            g1:create_task(function()
                asyncio.sleep(0.3)
                error("ZeroDivisionError", 0)
            end)
            local ok, err = pcall(asyncio.sleep, 10)
            if not ok then
                asyncio.sleep(0.5)
                error(err, 0)
            end
        end)
    end
    local r = asyncio.create_task(function()
        local t = asyncio.create_task(nested_runner)
        t:await()
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), now())
end)

-- test_taskgroups.py test_taskgroup_17
section("test_taskgroup_17", function()
    local NUM = 0
    local r = asyncio.create_task(function()
        asyncio.task_group(function()
            local ok, err = pcall(asyncio.sleep, 10)
            if not ok then
                NUM = NUM + 10
                error(err, 0)
            end
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), NUM, now())
end)

-- test_taskgroups.py test_taskgroup_18
-- The body turns the cancellation into its own error: it is raised in an ExceptionGroup.
section("test_taskgroup_18", function()
    local NUM = 0
    local r = asyncio.create_task(function()
        asyncio.task_group(function()
            local ok = pcall(asyncio.sleep, 10)
            if not ok then
                NUM = NUM + 10
                error(asyncio.RuntimeError("MyExc"))
            end
        end)
    end)
    asyncio.sleep(0.1)
    print(r:done())
    r:cancel()
    print(outcome(r.await, r), NUM, now())
end)

-- test_taskgroups.py test_taskgroup_19
section("test_taskgroup_19", function()
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g)
            g:create_task(function()
                asyncio.sleep(0.1)
                error("ZeroDivisionError", 0)
            end)
            pcall(asyncio.sleep, 10)
            error(asyncio.RuntimeError("MyExc"))
        end)
    end)
    local ok, err = pcall(r.await, r)
    print(describe(err), now())
    if asyncio.ExceptionGroup:is(err) then
        for i, e in ipairs(err.errors) do print(i, tostring(e)) end
        print(tostring(err))
    end
end)

-- test_taskgroups.py test_taskgroup_22
section("test_taskgroup_22", function()
    local r = asyncio.create_task(function()
        asyncio.task_group(function(g)
            g:create_task(function() asyncio.sleep(1) return 42 end)
            g:create_task(function() asyncio.sleep(2) return 11 end)
        end)
    end)
    asyncio.sleep(0.05)
    r:cancel()
    print(outcome(r.await, r), now())
end)

-- test_taskgroups.py test_taskgroup_23
-- Finished children leave the group as they finish.
section("test_taskgroup_23", function()
    asyncio.task_group(function(g)
        for count = 0, 9 do
            asyncio.sleep(0.1)
            g:create_task(asyncio.sleep, 0.3)
            if count == 5 then print("at count 5:", tostring(g)) end
        end
        asyncio.sleep(1.35)
        print("after 1.35 s more:", tostring(g), now())
    end)
    print(now())
end)

-- test_taskgroups.py test_taskgroup_24
-- A child adds tasks to its own group.
section("test_taskgroup_24", function()
    local log = {}
    asyncio.task_group(function(g)
        g:create_task(function()
            asyncio.sleep(0.1)
            for _, d in ipairs({ 0.1, 0.2 }) do
                g:create_task(function()
                    asyncio.sleep(d)
                    log[#log + 1] = "child " .. d .. "@" .. now()
                end)
            end
        end)
    end)
    print(list(log), now())
end)

-- test_taskgroups.py test_taskgroup_25
section("test_taskgroup_25", function()
    local nhydras = 0
    local function hydra(g)
        nhydras = nhydras + 1
        asyncio.sleep(0.01)
        g:create_task(hydra, g)
        g:create_task(hydra, g)
    end
    local ok, err = pcall(asyncio.task_group, function(g)
        g:create_task(hydra, g)
        g:create_task(function()
            while nhydras < 10 do asyncio.sleep(0.015) end
            error("ZeroDivisionError", 0)
        end)
    end)
    print(ok, describe(err), nhydras >= 10, nhydras, now())
end)

-- test_taskgroups.py test_taskgroup_task_name / test_name
section("test_taskgroup_task_name", function()
    local name
    asyncio.task_group(function(g)
        local t = g:create_task(function()
            asyncio.sleep(0)
            name = asyncio.current_task():get_name()
        end)
        t:set_name("example name")
        print(t:get_name())
    end)
    print(name)
end)

-- test_taskgroups.py test_taskgroup_no_create_task_after_failure
section("test_taskgroup_no_create_task_after_failure", function()
    local create_error
    local ok, err = pcall(asyncio.task_group, function(g)
        g:create_task(function()
            asyncio.sleep(0.001)
            error("ZeroDivisionError", 0)
        end)
        g:create_task(function()
            local ok2, err2 = pcall(asyncio.sleep, 1)
            if not ok2 then
                local ok3, err3 = pcall(g.create_task, g, function() end)
                create_error = tostring(err3)
                error(err2, 0)
            end
        end)
    end)
    print(ok, describe(err), create_error, now())
end)

-- test_taskgroups.py test_taskgroup_context_manager_exit_raises
-- The body's cleanup raises while the group cancels it: both errors are in the group.
section("test_taskgroup_context_manager_exit_raises", function()
    local task = asyncio.create_task(function()
        local ok, err = pcall(asyncio.task_group, function(tg)
            tg:create_task(function() error(asyncio.RuntimeError("CustomException from task")) end)
            pcall(asyncio.sleep, 1)
            error(asyncio.RuntimeError("CustomException from cleanup"))
        end)
        print(describe(err), #err.errors, "cancelling:", cancelling())
    end)
    task:await()
end)

-- test_taskgroups.py test_taskgroup_finished / test_coro_closed_when_tg_closed
section("test_taskgroup_finished", function()
    local saved
    asyncio.task_group(function(tg) saved = tg end)
    local ok, err = pcall(saved.create_task, saved, function() end)
    print(ok, tostring(err))
end)

-- test_taskgroups.py test_taskgroup_without_parent_task
section("test_taskgroup_without_parent_task", function()
    local result
    local t = asyncio.create_task(function() end)
    t:add_done_callback(function()
        local ok, err = pcall(asyncio.task_group, function() end)
        result = tostring(ok) .. " " .. tostring(err)
    end)
    t:await()
    asyncio.sleep(0)
    print(result)
end)

-- test_taskgroups.py test_cancelling_level_preserved
section("test_cancelling_level_preserved", function()
    local ok, err = pcall(asyncio.task_group, function(tg)
        tg:create_task(function()
            asyncio.sleep(0)
            error(asyncio.RuntimeError("raised"))
        end)
    end)
    print(ok, describe(err), "cancelling:", cancelling())
end)

-- test_taskgroups.py test_nested_groups_both_cancelled
section("test_nested_groups_both_cancelled", function()
    local function raise_after(t, e)
        asyncio.sleep(t)
        error(e)
    end
    local t = asyncio.create_task(function()
        local ok, err = pcall(asyncio.task_group, function(outer_tg)
            local ok2, err2 = pcall(asyncio.task_group, function(inner_tg)
                inner_tg:create_task(raise_after, 0, asyncio.RuntimeError("inner"))
                outer_tg:create_task(raise_after, 0, asyncio.ValueError("outer"))
            end)
            print("inner group:", describe(err2), "cancelling:", cancelling())
        end)
        print("outer group:", describe(err), "cancelling:", cancelling())
        asyncio.sleep(0)
        print("goes on", now())
    end)
    print(outcome(t.await, t))
end)

-- test_taskgroups.py test_error_and_cancel
section("test_error_and_cancel", function()
    local event = asyncio.Event()
    local inner = asyncio.create_task(function()
        local ok, err = pcall(asyncio.task_group, function(tg)
            tg:create_task(function()
                event:set()
                asyncio.sleep(0)
                error(asyncio.RuntimeError("raised"))
            end)
            asyncio.sleep(1)
            print("!! sleep in group should have been cancelled")
        end)
        print("group:", describe(err), "cancelling:", cancelling())
        asyncio.sleep(1)
        print("!! sleep after group should have been cancelled")
    end)
    event:wait()
    print("before cancel:", inner:cancelling())
    inner:cancel()
    print("after cancel:", inner:cancelling())
    print(outcome(inner.await, inner), inner:cancelled(), now())
end)

-- test_taskgroups.py test_cancels_task_if_created_during_creation (gh-128550)
section("test_cancels_task_if_created_during_creation", function()
    local ran, seen = false, nil
    local ok, err = pcall(asyncio.task_group, function(tg)
        tg:create_task(function()
            tg:create_task(function() error(asyncio.RuntimeError("third task failed")) end)
            local ok2, err2 = pcall(function()
                asyncio.sleep(0)
                asyncio.sleep(0)
            end)
            seen = tostring(err2)
            ran = true
            if not ok2 then error(err2, 0) end
        end)
    end)
    print(ok, describe(err), ran, seen)
end)

-- test_taskgroups.py test_cancellation_does_not_leak_out_of_tg
section("test_cancellation_does_not_leak_out_of_tg", function()
    local ok, err = pcall(asyncio.task_group, function(tg)
        tg:create_task(function() error(asyncio.RuntimeError("MyError")) end)
    end)
    print(ok, describe(err), "cancelling:", cancelling())
    print("sleep(0) after the group:", outcome(function() asyncio.sleep(0) end))
end)

-- TaskGroup.cancel() (CPython 3.14+): cancels the children and the body; the group then exits
-- without an error and the code after it runs. The child that calls cancel() is one of the
-- group's tasks: it is cancelled too, and as it returns without awaiting again it ends
-- cancelled (test_tasks.py test_cancel_at_end: a task cancelled while it runs, that returns
-- before its next await, ends cancelled).
section("TaskGroup.cancel", function()
    local log = {}
    local canceller
    local t = asyncio.create_task(function()
        local r = table.pack(pcall(asyncio.task_group, function(tg)
            tg:create_task(function()
                local ok, err = pcall(asyncio.sleep, 10)
                log[#log + 1] = "sleeper: " .. tostring(err) .. "@" .. now()
                if not ok then error(err, 0) end
            end)
            canceller = tg:create_task(function()
                asyncio.sleep(0.2)
                log[#log + 1] = "canceller@" .. now()
                tg:cancel()
            end)
            local ok, err = pcall(asyncio.sleep, 10)
            log[#log + 1] = "body: " .. tostring(err) .. "@" .. now()
            if not ok then error(err, 0) end
        end))
        log[#log + 1] = "after group: " .. tostring(r[1]) .. "@" .. now()
        return cancelling()
    end)
    print("cancelling:", t:await())
    print(list(log))
    print("canceller cancelled:", canceller:cancelled())
end)

-- The group waits for every child, returns the body's results, and a child's error cancels
-- the others (SPEC: the first failure cancels the rest).
section("task_group results and first failure", function()
    print(asyncio.task_group(function(tg, a, b)
        tg:create_task(asyncio.sleep, 0.1)
        return a + b, "body"
    end, 1, 2))
    print(now())
    local log = {}
    local ok, err = pcall(asyncio.task_group, function(tg)
        for i = 1, 3 do
            tg:create_task(function()
                local ok2, err2 = pcall(asyncio.sleep, 0.1 * i)
                log[#log + 1] = "t" .. i .. ":" .. (ok2 and "done" or tostring(err2)) .. "@" .. now()
                if not ok2 then error(err2, 0) end
                if i == 1 then error(asyncio.ValueError("t1 failed")) end
            end)
        end
    end)
    print(ok, tostring(err), list(log), now())
end)

print("done")
