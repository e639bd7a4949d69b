-- CPython-derived behaviour tests for asyncio.wait (Lib/test/test_asyncio/test_tasks.py:
-- test_wait*, test_yield_wait_does_not_shield_cancel, test_cancel_with_message_then_future_*).
-- Each section mirrors one CPython test in Tide's Lua API and prints the order of events,
-- virtual times, done/pending and error types.
-- Lua API shapes: wait(tasks, {return_when = ..., timeout = s}) returns done, pending as two
-- lists in the order of `tasks` (CPython returns sets); functions are wrapped in tasks.
-- Tide wakes a waiting task in the turn the awaited task finishes (CPython needs one more loop
-- iteration for the done callback), so test_wait_really_done sees only the first task done.
-- Times are virtual seconds since the section began, printed with %.2f.
local T0 = 0 -- virtual time at the start of the current section
local function now() return string.format("%.2f", asyncio.time() - T0) end
local function section(name, body)
    print("== " .. name)
    T0 = asyncio.time()
    local ok, err = pcall(body)
    if not ok then print("!! section failed: " .. tostring(err)) end
end
local function names(tasks)
    local parts = {}
    for i, t in ipairs(tasks) do parts[i] = t:get_name() end
    return "{" .. table.concat(parts, ", ") .. "}"
end
local function named(name, fn, ...)
    local t = asyncio.create_task(fn, ...)
    t:set_name(name)
    return t
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
local function cleanup(tasks)
    for _, t in ipairs(tasks) do t:cancel() end
    asyncio.gather(tasks, { return_exceptions = true })
end

-- test_tasks.py BaseTaskTests.test_wait
section("test_wait", function()
    local a = named("a", asyncio.sleep, 0.1)
    local b = named("b", asyncio.sleep, 0.15)
    local done, pending = asyncio.wait({ b, a })
    print(names(done), names(pending), now())
    -- Again: everything is done, no time passes.
    done, pending = asyncio.wait({ b, a })
    print(names(done), names(pending), now())
end)

-- test_tasks.py BaseTaskTests.test_wait_duplicate_coroutines (a task listed twice)
section("test_wait_duplicate_coroutines", function()
    local c = named("c", function(s) return s end, "test")
    local spam = named("spam", function(s) return s end, "spam")
    local done, pending = asyncio.wait({ c, c, spam })
    local results = {}
    for i, t in ipairs(done) do results[i] = t:result() end
    print(names(done), table.concat(results, " "), #pending)
end)

-- test_tasks.py BaseTaskTests.test_wait_errors / test_wait_invalid_args
section("test_wait_errors", function()
    local ok, err = pcall(asyncio.wait, {})
    print(ok, tostring(err), asyncio.ValueError:is(err))
    local s = named("s", asyncio.sleep, 10)
    ok, err = pcall(asyncio.wait, { s }, { return_when = -1 })
    print(ok, tostring(err), asyncio.ValueError:is(err))
    ok, err = pcall(asyncio.wait, s)
    print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
    cleanup({ s })
end)

-- test_tasks.py BaseTaskTests.test_wait_first_completed
section("test_wait_first_completed", function()
    local a = named("a", asyncio.sleep, 10)
    local b = named("b", asyncio.sleep, 0.1)
    local done, pending = asyncio.wait({ b, a }, { return_when = asyncio.FIRST_COMPLETED })
    print(names(done), names(pending), a:done(), b:done(), b:result(), now())
    -- wait never cancels: a is still running.
    asyncio.sleep(0)
    print(a:done(), a:cancelled())
    cleanup({ a })
end)

-- test_tasks.py BaseTaskTests.test_wait_really_done
section("test_wait_really_done", function()
    local a = named("a", function() asyncio.sleep(0) end)
    local b = named("b", function() asyncio.sleep(0) asyncio.sleep(0) end)
    local done, pending = asyncio.wait({ b, a }, { return_when = asyncio.FIRST_COMPLETED })
    print(names(done), names(pending), "b done now:", b:done())
    b:await()
end)

-- test_tasks.py BaseTaskTests.test_wait_first_exception
-- A task that already failed: wait returns at once.
section("test_wait_first_exception", function()
    local a = named("a", asyncio.sleep, 10)
    local b = named("b", function() error(asyncio.ValueError("err")) end)
    local done, pending = asyncio.wait({ b, a }, { return_when = asyncio.FIRST_EXCEPTION })
    print(names(done), names(pending), tostring(b:exception()), now())
    cleanup({ a })
end)

-- test_tasks.py BaseTaskTests.test_wait_first_exception_in_wait
section("test_wait_first_exception_in_wait", function()
    local a = named("a", asyncio.sleep, 10)
    local b = named("b", function()
        asyncio.sleep(0.01)
        error(asyncio.ValueError("err"))
    end)
    local done, pending = asyncio.wait({ b, a }, { return_when = asyncio.FIRST_EXCEPTION })
    print(names(done), names(pending), tostring(b:exception()), now())
    cleanup({ a })
end)

-- FIRST_EXCEPTION when nothing fails waits for all; a cancelled task is not an exception.
section("FIRST_EXCEPTION without an exception", function()
    local a = named("a", asyncio.sleep, 0.1)
    local b = named("b", asyncio.sleep, 0.2)
    local c = named("c", asyncio.sleep, 10)
    asyncio.sleep(0)
    c:cancel()
    local done, pending = asyncio.wait({ a, b, c }, { return_when = asyncio.FIRST_EXCEPTION })
    print(names(done), names(pending), c:cancelled(), now())
end)

-- test_tasks.py BaseTaskTests.test_wait_with_exception
section("test_wait_with_exception", function()
    local a = named("a", asyncio.sleep, 0.1)
    local b = named("b", function()
        asyncio.sleep(0.15)
        error(asyncio.ValueError("really"))
    end)
    local done, pending = asyncio.wait({ b, a })
    local errors = 0
    for _, t in ipairs(done) do if t:exception() ~= nil then errors = errors + 1 end end
    print(#done, #pending, "with errors:", errors, now())
    done, pending = asyncio.wait({ b, a })
    print(#done, #pending, now())
end)

-- test_tasks.py BaseTaskTests.test_wait_with_timeout
section("test_wait_with_timeout", function()
    local a = named("a", asyncio.sleep, 0.1)
    local b = named("b", asyncio.sleep, 0.15)
    local done, pending = asyncio.wait({ b, a }, { timeout = 0.11 })
    print(names(done), names(pending), now())
    -- The pending task was not cancelled and finishes on its own.
    asyncio.wait({ a, b })
    print(b:done(), b:cancelled(), now())
end)

-- The tasks wait leaves pending are unfinished: result() and exception() on them raise
-- InvalidStateError (test_futures.py's test_result / test_exception on a pending future).
section("pending tasks: result() and exception() raise InvalidStateError", function()
    local slow = named("slow", asyncio.sleep, 1, "late")
    local done, pending = asyncio.wait({ slow }, { timeout = 0.1 })
    print(#done, names(pending), now())
    local ok, err = pcall(slow.result, slow)
    print(ok, tostring(err), asyncio.InvalidStateError:is(err))
    ok, err = pcall(slow.exception, slow)
    print(ok, tostring(err), asyncio.InvalidStateError:is(err))
    print(slow:await(), try(slow.result, slow), try(slow.exception, slow), now())
end)

-- test_tasks.py BaseTaskTests.test_wait_concurrent_complete
-- The timeout and a's completion fall on the same instant (a started first, as in CPython).
section("test_wait_concurrent_complete", function()
    local a = named("a", asyncio.sleep, 0.1)
    local b = named("b", asyncio.sleep, 0.15)
    asyncio.sleep(0)
    local done, pending = asyncio.wait({ b, a }, { timeout = 0.1 })
    print(names(done), names(pending), now())
    asyncio.wait({ a, b })
end)

-- A timeout of 0 does not wait, but still lets the tasks run one turn.
section("wait with timeout = 0", function()
    local quick = named("quick", function() return "q" end)
    local slow = named("slow", asyncio.sleep, 1)
    local done, pending = asyncio.wait({ quick, slow }, { timeout = 0 })
    print(names(done), names(pending), now())
    cleanup({ slow })
end)

-- test_tasks.py BaseTaskTests.test_yield_wait_does_not_shield_cancel
-- Cancelling the task that waits makes wait raise at once; the awaited task keeps running.
section("test_yield_wait_does_not_shield_cancel", function()
    local proof = 0
    local waiter = asyncio.Event()
    local inner = named("inner", function()
        waiter:wait()
        proof = proof + 1
    end)
    local f = asyncio.create_task(function()
        asyncio.wait({ inner })
        proof = proof + 100
    end)
    asyncio.sleep(0)
    f:cancel()
    print(try(f.await, f), inner:done())
    waiter:set()
    asyncio.sleep(0)
    print("proof:", proof)
end)

-- test_tasks.py BaseTaskTests.test_cancel_with_message_then_future_result / _exception
section("test_cancel_with_message_then_future_result", function()
    for _, msg in ipairs({ false, "my message" }) do
        local task = named("sleeper", asyncio.sleep, 10)
        asyncio.sleep(0)
        if msg then task:cancel(msg) else task:cancel() end
        local done = asyncio.wait({ task })
        print(#done, try(task.result, task), try(task.exception, task), try(task.await, task))
    end
end)

-- test_tasks.py BaseTaskTests.test_cancel_with_message_before_starting_task
section("test_cancel_with_message_before_starting_task", function()
    local started = false
    local task = named("never", function() started = true end)
    task:cancel("my message")
    asyncio.wait({ task })
    print(try(task.exception, task), task:cancelled(), "started:", started)
end)

-- test_tasks.py BaseTaskTests.test_cancel_wait (a cancel that reaches wait while it waits)
section("wait: cancel while waiting with a timeout", function()
    local a = named("a", asyncio.sleep, 10)
    local f = asyncio.create_task(function() return asyncio.wait({ a }, { timeout = 5 }) end)
    asyncio.sleep(1)
    f:cancel()
    print(try(f.await, f), a:done(), now())
    -- The timeout's timer is gone with it: nothing fires at 5.
    asyncio.sleep(6)
    print(a:done(), now())
    a:await()
end)

print("done")
