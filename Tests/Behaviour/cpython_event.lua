-- CPython-derived behaviour tests for asyncio.Event (Lib/test/test_asyncio/test_locks.py, EventTests).
-- Each section mirrors one CPython test in Tide's Lua API and prints the order of events,
-- virtual times and tostring(event) = "Event(set|unset, waiters=N)".
-- Tide's waiters count is the tasks still waiting: a task woken by set() leaves the count at
-- once (CPython's repr keeps counting it until it has run).
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

-- test_locks.py EventTests.test_repr
section("test_repr", function()
    local ev = asyncio.Event()
    print(tostring(ev))
    ev:set()
    print(tostring(ev))
    ev:clear()
    local t = asyncio.create_task(function() return ev:wait() end)
    asyncio.sleep(0)
    print(tostring(ev))
    ev:set()
    print(t:await(), tostring(ev))
end)

-- test_locks.py EventTests.test_wait
-- t1 and t2 wait; t3 is created just before set() and finds the event set at once, so it
-- finishes first: [3, 1, 2].
section("test_wait", function()
    local ev = asyncio.Event()
    print(ev:is_set())
    local result = {}
    local function c(n)
        return function()
            if ev:wait() then result[#result + 1] = n end
        end
    end
    local t1 = asyncio.create_task(c(1))
    local t2 = asyncio.create_task(c(2))
    asyncio.sleep(0)
    print(list(result))
    local t3 = asyncio.create_task(c(3))
    ev:set()
    asyncio.sleep(0)
    print(list(result))
    print(t1:done(), t1:result(), t2:done(), t2:result(), t3:done(), t3:result())
end)

-- test_locks.py EventTests.test_wait_on_set
section("test_wait_on_set", function()
    local ev = asyncio.Event()
    ev:set()
    print(ev:wait(), now())
    -- It does not even yield: no other task runs in between.
    local ran = false
    local t = asyncio.create_task(function() ran = true end)
    ev:wait()
    print("other task ran:", ran)
    t:await()
end)

-- test_locks.py EventTests.test_wait_cancel
section("test_wait_cancel", function()
    local ev = asyncio.Event()
    local wait = asyncio.create_task(function() return ev:wait() end)
    asyncio.sleep(0)
    print(tostring(ev))
    wait:cancel()
    local ok, err = pcall(wait.await, wait)
    print(ok, tostring(err), wait:cancelled(), tostring(ev))
end)

-- test_locks.py EventTests.test_clear
section("test_clear", function()
    local ev = asyncio.Event()
    print(ev:is_set())
    ev:set()
    print(ev:is_set())
    ev:clear()
    print(ev:is_set())
end)

-- test_locks.py EventTests.test_clear_with_waiters
-- set() then clear() before the waiter runs: the waiter still wakes, and wait() returns true.
section("test_clear_with_waiters", function()
    local ev = asyncio.Event()
    local result = {}
    local t = asyncio.create_task(function()
        if ev:wait() then result[#result + 1] = 1 end
        return true
    end)
    asyncio.sleep(0)
    print(list(result))
    ev:set()
    ev:clear()
    print(ev:is_set())
    ev:set()
    ev:set()
    print(ev:is_set(), tostring(ev))
    asyncio.sleep(0)
    print(list(result), tostring(ev))
    print(t:done(), t:result())
end)

-- set() wakes every waiter, in the order they started waiting, at the same virtual time.
section("set wakes all waiters in order", function()
    local ev = asyncio.Event()
    local order = {}
    local tasks = {}
    for i = 1, 4 do
        tasks[i] = asyncio.create_task(function()
            asyncio.sleep(0.1 * (5 - i)) -- w4 starts waiting first, w1 last
            ev:wait()
            order[#order + 1] = "w" .. i .. "@" .. now()
        end)
    end
    asyncio.sleep(1)
    ev:set()
    asyncio.gather(tasks)
    print(list(order))
end)

-- A waiter cancelled at the same moment set() wakes it ends cancelled; the others are woken.
section("cancelled at the moment of set", function()
    local ev = asyncio.Event()
    local log = {}
    local function waiter(name)
        local ok, err = pcall(ev.wait, ev)
        log[#log + 1] = name .. ":" .. (ok and "woken" or tostring(err))
        if not ok then error(err, 0) end
    end
    local a = asyncio.create_task(waiter, "a")
    local b = asyncio.create_task(waiter, "b")
    asyncio.sleep(0)
    ev:set()
    a:cancel()
    asyncio.gather({ a, b }, { return_exceptions = true })
    print(list(log), a:cancelled(), b:cancelled())
end)

print("done")
