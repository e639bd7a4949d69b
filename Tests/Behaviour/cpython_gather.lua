-- CPython-derived behaviour tests for asyncio.gather (Lib/test/test_asyncio/test_tasks.py:
-- GatherTestsBase, FutureGatherTests, CoroutineGatherTests, test_cancel_gather_*).
-- Each section mirrors one CPython test in Tide's Lua API and prints the order of events,
-- virtual times, results and error types. CPython's bare futures become small tasks that wait
-- on an Event and then return or raise what the test sets (see `future` below).
-- Lua API shapes: gather(a, b, ...) or gather(list, {return_exceptions = bool}) returns a list
-- of first results; a failed gather raises in the calling task (a CancelledError raised that way
-- does not mark the caller itself as cancelled, as CPython's gathering future is not cancelled).
-- Times are virtual seconds since the section began, printed with %.2f.
local T0 = 0 -- virtual time at the start of the current section
local function now() return string.format("%.2f", asyncio.time() - T0) end
local function list(t, n)
    local parts = {}
    for i = 1, n or #t do parts[i] = tostring(t[i]) end
    return "[" .. table.concat(parts, ", ") .. "]"
end
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
-- A stand-in for a bare asyncio.Future: a task that waits until set_result/set_exception.
local function future()
    local ev = asyncio.Event()
    local f = {}
    f.task = asyncio.create_task(function()
        ev:wait()
        if f.err ~= nil then error(f.err, 0) end
        return f.value
    end)
    function f.set_result(v) f.value = v ev:set() end
    function f.set_exception(e) f.err = e ev:set() end
    function f.cancel() return f.task:cancel() end
    return f
end
local function futures(n)
    local fs = {}
    for i = 1, n do fs[i] = future() end
    return fs
end
-- Lets every ready task run until nothing is left to do this instant (CPython's _run_loop).
local function run_loop() for _ = 1, 5 do asyncio.sleep(0) end end

-- test_tasks.py GatherTestsBase.test_success (and return_exceptions = false)
-- test_tasks.py GatherTestsBase.test_result_exception_success (return_exceptions = true)
for _, options in ipairs({ false, { return_exceptions = false }, { return_exceptions = true } }) do
    local label = options and ("return_exceptions=" .. tostring(options.return_exceptions)) or "no options"
    section("GatherTestsBase.test_success (" .. label .. ")", function()
        local a, b, c = table.unpack(futures(3))
        local g = asyncio.create_task(function()
            if options then return asyncio.gather({ a.task, b.task, c.task }, options) end
            return asyncio.gather(a.task, b.task, c.task)
        end)
        b.set_result(1)
        a.set_result(2)
        run_loop()
        print(g:done())
        c.set_result(3)
        run_loop()
        print(g:done(), list(g:result()))
    end)
end

-- test_tasks.py GatherTestsBase.test_one_exception
-- The first error is raised at once; the others keep running and their outcomes change nothing.
section("GatherTestsBase.test_one_exception", function()
    local a, b, c, d, e = table.unpack(futures(5))
    local g = asyncio.create_task(function() return asyncio.gather(a.task, b.task, c.task, d.task, e.task) end)
    local exc = asyncio.ValueError("ZeroDivisionError stand-in")
    a.set_result(1)
    b.set_exception(exc)
    run_loop()
    local ok, err = pcall(g.result, g)
    print(g:done(), ok, tostring(err), rawequal(err, exc))
    print("others still running:", c.task:done(), d.task:done(), e.task:done())
    c.set_result(3)
    d.cancel()
    e.set_exception(asyncio.RuntimeError("later error"))
    run_loop()
    print(c.task:result(), d.task:cancelled(), tostring(e.task:exception()))
end)

-- test_tasks.py GatherTestsBase.test_return_exceptions
section("GatherTestsBase.test_return_exceptions", function()
    local a, b, c, d = table.unpack(futures(4))
    local g = asyncio.create_task(function()
        return asyncio.gather({ a.task, b.task, c.task, d.task }, { return_exceptions = true })
    end)
    local exc = asyncio.ValueError("exc")
    local exc2 = asyncio.RuntimeError("exc2")
    b.set_result(1)
    c.set_exception(exc)
    a.set_result(3)
    run_loop()
    print(g:done())
    d.set_exception(exc2)
    run_loop()
    local r = g:result()
    print(g:done(), list(r), rawequal(r[3], exc), rawequal(r[4], exc2))
end)

-- test_tasks.py FutureGatherTests.test_constructor_empty_sequence_use_running_loop
section("FutureGatherTests.test_constructor_empty_sequence", function()
    local r = asyncio.gather()
    print(type(r), #r, now())
    r = asyncio.gather({})
    print(type(r), #r)
end)

-- test_tasks.py FutureGatherTests.test_one_cancellation
-- A cancelled child makes gather raise CancelledError; the gathering task itself was not
-- cancelled (its cancelling() count stays 0).
section("FutureGatherTests.test_one_cancellation", function()
    local a, b, c, d, e = table.unpack(futures(5))
    local g = asyncio.create_task(function()
        local ok, err = pcall(asyncio.gather, a.task, b.task, c.task, d.task, e.task)
        return ok, tostring(err), asyncio.current_task():cancelling()
    end)
    a.set_result(1)
    asyncio.sleep(0)
    b.cancel()
    run_loop()
    print(g:done(), g:result())
    print(g:cancelled())
    c.set_result(3)
    d.cancel()
    e.set_exception(asyncio.RuntimeError("later"))
    run_loop()
    print(c.task:result(), d.task:cancelled(), tostring(e.task:exception()))
end)

-- test_tasks.py FutureGatherTests.test_result_exception_one_cancellation
section("FutureGatherTests.test_result_exception_one_cancellation", function()
    local a, b, c, d, e, f = table.unpack(futures(6))
    local g = asyncio.create_task(function()
        return asyncio.gather({ a.task, b.task, c.task, d.task, e.task, f.task }, { return_exceptions = true })
    end)
    asyncio.sleep(0)
    a.set_result(1)
    local zde = asyncio.ValueError("zde")
    b.set_exception(zde)
    c.cancel()
    run_loop()
    print(g:done())
    d.set_result(3)
    e.cancel()
    local rte = asyncio.RuntimeError("rte")
    f.set_exception(rte)
    local res = g:await()
    print(list(res, 6), asyncio.CancelledError:is(res[3]), asyncio.CancelledError:is(res[5]))
end)

-- test_tasks.py CoroutineGatherTests.test_duplicate_coroutines (the same task several times)
section("CoroutineGatherTests.test_duplicate_coroutines", function()
    local c = asyncio.create_task(function(s) return s end, "abc")
    local r = asyncio.gather(c, c, function() return "def" end, c)
    print(list(r))
end)

-- test_tasks.py CoroutineGatherTests.test_cancellation_broadcast
-- Cancelling the task that gathers cancels every child.
section("CoroutineGatherTests.test_cancellation_broadcast", function()
    local proof = 0
    local waiter = asyncio.Event()
    local function inner()
        waiter:wait()
        proof = proof + 1
    end
    local child1 = asyncio.create_task(inner)
    local child2 = asyncio.create_task(inner)
    local f = asyncio.create_task(function()
        asyncio.gather(child1, child2)
        proof = proof + 100
    end)
    asyncio.sleep(0)
    print(f:cancel())
    print(try(f.await, f))
    print(child1:cancelled(), child2:cancelled())
    waiter:set()
    asyncio.sleep(0)
    print("proof:", proof)
end)

-- test_tasks.py CoroutineGatherTests.test_exception_marking
-- Two children fail one after the other: the first error is raised; the second is not
-- reported as never retrieved.
section("CoroutineGatherTests.test_exception_marking", function()
    local a, b = asyncio.Event(), asyncio.Event()
    local function inner(ev, name)
        ev:wait()
        error(asyncio.RuntimeError("should not be ignored: " .. name))
    end
    local f = asyncio.create_task(function()
        asyncio.gather(function() inner(a, "a") end, function() inner(b, "b") end)
    end)
    asyncio.sleep(0)
    a:set()
    asyncio.sleep(0)
    asyncio.sleep(0)
    b:set()
    asyncio.sleep(0)
    asyncio.sleep(0)
    print(f:done(), tostring(f:exception()))
end)

-- test_tasks.py BaseTaskTests.test_cancel_gather_1
-- Every child is done when the gathering task is cancelled: the children keep their results,
-- the gathering task (which had not resumed yet) gets the CancelledError.
section("BaseTaskTests.test_cancel_gather_1", function()
    local fut = future()
    local child = asyncio.create_task(function() return fut.task:await() end)
    local gather_task = asyncio.create_task(function() return asyncio.gather(child) end)
    asyncio.sleep(0)
    fut.set_result(42)
    asyncio.sleep(0)
    asyncio.sleep(0)
    print("child done:", child:done(), "gather task done:", gather_task:done())
    print("cancel ->", gather_task:cancel())
    print(try(gather_task.await, gather_task), child:result())
end)

-- test_tasks.py BaseTaskTests.test_cancel_gather_2
-- A task that loops on gather(sleep, return_exceptions = true) is cancelled with a message:
-- the CancelledError reaches the caller, message included, instead of being returned as a
-- result.
section("BaseTaskTests.test_cancel_gather_2", function()
    for _, msg in ipairs({ false, "my message" }) do
        local qwe = asyncio.create_task(function()
            local time = 0
            while true do
                time = time + 0.05
                asyncio.gather({ function() return asyncio.sleep(0.05) end }, { return_exceptions = true })
                if time > 1 then return "ran to the end" end
            end
        end)
        asyncio.sleep(0.2)
        if msg then qwe:cancel(msg) else qwe:cancel() end
        local ok, err = pcall(qwe.await, qwe)
        print(ok, tostring(err), qwe:cancelled(), now())
    end
end)

-- test_tasks.py CoroutineGatherTests.test_issue46672 (a bad argument)
section("CoroutineGatherTests.test_issue46672", function()
    local ok, err = pcall(asyncio.gather, function() return "abc" end, {})
    print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
    run_loop()
end)

-- Results keep argument order, not finishing order, whatever the delays.
section("gather: results in argument order, concurrently", function()
    local function after(d, v) return function() asyncio.sleep(d) return v, "extra" end end
    local r = asyncio.gather(after(0.3, "a"), after(0.1, "b"), after(0.2, "c"))
    print(list(r), now())
end)

-- The first error by time is raised, not the first by position; the rest keep running.
section("gather: first error by time", function()
    local log = {}
    local function fail_after(d, msg)
        return function()
            asyncio.sleep(d)
            log[#log + 1] = msg .. "@" .. now()
            error(msg, 0)
        end
    end
    local slow = asyncio.create_task(fail_after(0.3, "slow"))
    local ok, err = pcall(asyncio.gather, slow, fail_after(0.1, "fast"))
    print(ok, err, now(), slow:done())
    asyncio.sleep(0.3)
    print(list(log), slow:done(), slow:exception())
end)

-- Errors a script raises itself (strings, tables) pass through gather unchanged.
section("gather: script errors pass through unchanged", function()
    local tbl = { code = 7 }
    local ok, err = pcall(asyncio.gather, function() error(tbl) end)
    print(ok, rawequal(err, tbl), err.code)
    ok, err = pcall(asyncio.gather, function() error("plain string", 0) end)
    print(ok, err)
    local r = asyncio.gather({ function() error(tbl) end, function() return 1 end }, { return_exceptions = true })
    print(rawequal(r[1], tbl), r[2])
end)

-- return_exceptions = true while the gathering task itself is cancelled: CancelledError is
-- raised (not returned), and every child is cancelled.
section("gather(return_exceptions=true): cancelling the caller", function()
    local children = {}
    for i = 1, 2 do children[i] = asyncio.create_task(asyncio.sleep, 10) end
    local g = asyncio.create_task(function()
        return asyncio.gather(children, { return_exceptions = true })
    end)
    asyncio.sleep(0.1)
    g:cancel()
    print(try(g.await, g), g:cancelled(), children[1]:cancelled(), children[2]:cancelled(), now())
end)

print("done")
