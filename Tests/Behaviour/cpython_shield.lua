-- CPython-derived behaviour tests for asyncio.shield (Lib/test/test_asyncio/test_tasks.py:
-- test_shield_*, test_gather_shield, test_shield_gather). Each section mirrors one CPython test
-- in Tide's Lua API and prints the order of events, virtual times, results and error types.
-- Lua API shape: asyncio.shield(aw) awaits (CPython's returns an outer future that is then
-- awaited), so "cancelling the outer future" is cancelling the task that called shield; the
-- caller gets CancelledError at once and the shielded task runs on. CPython's bare futures are
-- small tasks that wait on an Event (see `future` below).
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
local function future(name)
    local ev = asyncio.Event()
    local f = {}
    f.task = asyncio.create_task(function()
        ev:wait()
        if f.err ~= nil then error(f.err, 0) end
        return f.value
    end)
    if name then f.task:set_name(name) end
    function f.set_result(v) f.value = v ev:set() end
    function f.set_exception(e) f.err = e ev:set() end
    return f
end
-- A task that awaits shield(aw): CPython's `outer`.
local function outer_of(aw)
    return asyncio.create_task(function() return asyncio.shield(aw) end)
end

-- test_tasks.py BaseTaskTests.test_shield_result
section("test_shield_result", function()
    local inner = future()
    local outer = outer_of(inner.task)
    inner.set_result(42)
    print(outer:await(), now())
end)

-- test_tasks.py BaseTaskTests.test_shield_exception
section("test_shield_exception", function()
    local inner = future()
    local outer = outer_of(inner.task)
    asyncio.sleep(0)
    local exc = asyncio.RuntimeError("expected")
    inner.set_exception(exc)
    asyncio.sleep(0)
    asyncio.sleep(0)
    print(outer:done(), rawequal(outer:exception(), exc), tostring(outer:exception()))
end)

-- test_tasks.py BaseTaskTests.test_shield_cancel_inner
section("test_shield_cancel_inner", function()
    local inner = future()
    local outer = outer_of(inner.task)
    asyncio.sleep(0)
    inner.task:cancel()
    asyncio.sleep(0)
    asyncio.sleep(0)
    print(outer:done(), outer:cancelled(), inner.task:cancelled())
end)

-- test_tasks.py BaseTaskTests.test_shield_cancel_outer
-- test_tasks.py BaseTaskTests.test_shield_cancel_outer_result
section("test_shield_cancel_outer", function()
    local inner = future()
    local outer = outer_of(inner.task)
    asyncio.sleep(0)
    outer:cancel()
    asyncio.sleep(0)
    print(outer:cancelled(), inner.task:done(), inner.task:cancelled())
    inner.set_result(1)
    asyncio.sleep(0)
    print(inner.task:result())
end)

-- test_tasks.py BaseTaskTests.test_shield_cancel_outer_exception
-- The shielded task fails after its caller was cancelled: nobody retrieves the error, so it is
-- reported as never retrieved (CPython calls the loop's exception handler).
section("test_shield_cancel_outer_exception", function()
    local inner = future("Shielded")
    local outer = outer_of(inner.task)
    asyncio.sleep(0)
    outer:cancel()
    asyncio.sleep(0)
    print(outer:cancelled())
    inner.set_exception(asyncio.RuntimeError("foo"))
    asyncio.sleep(0)
    print(inner.task:done())
end)

-- test_tasks.py BaseTaskTests.test_shield_shortcut
-- A task already done: shield returns its result without yielding.
section("test_shield_shortcut", function()
    local fut = asyncio.create_task(function() return 42 end)
    asyncio.sleep(0)
    local ran = false
    local other = asyncio.create_task(function() ran = true end)
    print(asyncio.shield(fut), "other ran:", ran)
    other:await()
end)

-- test_tasks.py BaseTaskTests.test_shield_effect
section("test_shield_effect", function()
    local proof = 0
    local waiter = asyncio.Event()
    local inner_task
    local f = asyncio.create_task(function()
        inner_task = asyncio.create_task(function()
            waiter:wait()
            proof = proof + 1
        end)
        asyncio.shield(inner_task)
        proof = proof + 100
    end)
    asyncio.sleep(0)
    f:cancel()
    print(try(f.await, f), inner_task:done())
    waiter:set()
    asyncio.sleep(0)
    print("proof:", proof)
end)

-- test_tasks.py BaseTaskTests.test_shield_gather
-- shield(gather(child1, child2)): cancelling the caller leaves the gather and its children be.
section("test_shield_gather", function()
    local child1, child2 = future(), future()
    local parent = asyncio.create_task(function() return asyncio.gather(child1.task, child2.task) end)
    local outer = outer_of(parent)
    asyncio.sleep(0)
    outer:cancel()
    asyncio.sleep(0)
    print(outer:cancelled(), parent:done())
    child1.set_result(1)
    child2.set_result(2)
    print(list(parent:await()), child1.task:result(), child2.task:result())
end)

-- test_tasks.py BaseTaskTests.test_gather_shield
-- gather(shield(child1), shield(child2)): cancelling the gathering task cancels the shielding
-- tasks, not the children.
section("test_gather_shield", function()
    local child1, child2 = future(), future()
    local inner1 = outer_of(child1.task)
    local inner2 = outer_of(child2.task)
    local parent = asyncio.create_task(function() return asyncio.gather(inner1, inner2) end)
    asyncio.sleep(0)
    parent:cancel()
    asyncio.sleep(0)
    asyncio.sleep(0)
    print(try(parent.await, parent), inner1:cancelled(), inner2:cancelled(),
        child1.task:cancelled(), child2.task:cancelled())
    child1.set_result(1)
    child2.set_result(2)
    print(child1.task:await(), child2.task:await())
end)

-- test_tasks.py BaseTaskTests.test_shield_coroutine_use_running_loop (a function is wrapped)
section("test_shield_coroutine", function()
    print(asyncio.shield(function() asyncio.sleep(0.1) return 42, "more" end), now())
end)

-- The shielded work finishes on its own time even though its caller gave up; a caller that
-- wants the result after all can await the task.
section("shield: caller cancelled, work completes", function()
    local log = {}
    local work = asyncio.create_task(function()
        asyncio.sleep(0.3)
        log[#log + 1] = "work done@" .. now()
        return "saved"
    end)
    local caller = asyncio.create_task(function()
        local ok, err = pcall(asyncio.shield, work)
        log[#log + 1] = "caller: " .. tostring(err) .. "@" .. now()
        error(err, 0)
    end)
    asyncio.sleep(0.1)
    caller:cancel()
    print(try(caller.await, caller), now())
    print(work:await(), now(), list(log))
end)

-- A script error from the shielded task passes through shield unchanged.
section("shield: errors pass through", function()
    local tbl = {}
    local ok, err = pcall(asyncio.shield, function() error(tbl) end)
    print(ok, rawequal(err, tbl))
    print(pcall(asyncio.shield, function() error("plain", 0) end))
end)

print("done")
