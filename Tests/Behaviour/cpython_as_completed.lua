-- CPython-derived behaviour tests for asyncio.as_completed (Lib/test/test_asyncio/test_tasks.py:
-- test_as_completed*). Each section mirrors one CPython test in Tide's Lua API and prints the
-- order of events, virtual times, results and error types.
-- Lua API shape: `for t in asyncio.as_completed(tasks [, {timeout = s}]) do ... end` yields the
-- tasks themselves as they finish (CPython's plain iterator yields awaitables); at the timeout
-- the iterator raises TimeoutError and the tasks not yet done are left running. Tests that
-- need CPython's pre-made awaitables (test_as_completed_reverse_wait, _concurrent) have no
-- counterpart; the closest behaviour is checked instead.
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
local function sleeper(dt, x) return asyncio.create_task(asyncio.sleep, dt, x) end

-- test_tasks.py BaseTaskTests.test_as_completed
section("test_as_completed", function()
    local a = sleeper(0.01, "a")
    local b = sleeper(0.01, "b")
    local c = sleeper(0.15, "c")
    local values = {}
    for t in asyncio.as_completed({ b, c, a }) do values[#values + 1] = t:await() .. "@" .. now() end
    print(list(values), now())
end)

-- test_tasks.py BaseTaskTests.test_as_completed_with_timeout
section("test_as_completed_with_timeout", function()
    local a = sleeper(0.1, "a")
    local b = sleeper(0.15, "b")
    local values = {}
    local ok, err = pcall(function()
        for t in asyncio.as_completed({ a, b }, { timeout = 0.12 }) do
            values[#values + 1] = "1:" .. t:await() .. "@" .. now()
        end
    end)
    if not ok then values[#values + 1] = "2:" .. tostring(err) .. "@" .. now() end
    print(list(values), asyncio.TimeoutError:is(err))
    -- The task still pending was left running and finishes on its own.
    print(b:done(), b:cancelled())
    print(b:await(), now())
end)

-- test_tasks.py BaseTaskTests.test_as_completed_with_unused_timeout
section("test_as_completed_with_unused_timeout", function()
    local a = sleeper(0.01, "a")
    for t in asyncio.as_completed({ a }, { timeout = 1 }) do print(t:await(), now()) end
    -- Nothing fires at 1: sleeping past it raises nothing.
    asyncio.sleep(2)
    print("no late timeout", now())
end)

-- test_tasks.py BaseTaskTests.test_as_completed_concurrent (two tasks finishing at once)
section("test_as_completed_concurrent", function()
    local a = sleeper(0.05, "a")
    local b = sleeper(0.05, "b")
    local values = {}
    for t in asyncio.as_completed({ b, a }) do values[#values + 1] = t:result() .. "@" .. now() end
    print(list(values))
end)

-- test_tasks.py BaseTaskTests.test_as_completed_duplicate_coroutines
-- The same task listed twice is one task: it comes out once.
section("test_as_completed_duplicate_coroutines", function()
    local c = asyncio.create_task(function(s) return s end, "ham")
    local spam = asyncio.create_task(function(s) return s end, "spam")
    local result = {}
    for t in asyncio.as_completed({ c, c, spam }) do result[#result + 1] = t:await() end
    table.sort(result)
    print(list(result), #result)
end)

-- test_tasks.py BaseTaskTests.test_as_completed_coroutine_use_running_loop (functions are wrapped)
section("test_as_completed_functions", function()
    local values = {}
    for t in asyncio.as_completed({
        function() asyncio.sleep(0.2) return 42 end,
        function() asyncio.sleep(0.1) return 41 end,
    }) do
        values[#values + 1] = t:await() .. "@" .. now()
    end
    print(list(values))
end)

-- test_tasks.py BaseTaskTests.test_as_completed_invalid_args
section("test_as_completed_invalid_args", function()
    local t = asyncio.create_task(function() end)
    local ok, err = pcall(asyncio.as_completed, t)
    print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
    ok, err = pcall(asyncio.as_completed, 42)
    print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
    t:await()
end)

-- The iterator yields the very tasks passed in, failed and cancelled ones included.
section("as_completed yields the tasks given, whatever their outcome", function()
    local ok_task = asyncio.create_task(function() asyncio.sleep(0.3) return "ok" end)
    local bad = asyncio.create_task(function() asyncio.sleep(0.1) error(asyncio.ValueError("bad")) end)
    local gone = asyncio.create_task(asyncio.sleep, 10)
    local input = { ok_task, bad, gone }
    local seen = {}
    asyncio.create_task(function() asyncio.sleep(0.2) gone:cancel() end)
    for t in asyncio.as_completed(input) do
        local which = (t == ok_task and "ok_task") or (t == bad and "bad") or (t == gone and "gone") or "?"
        local okr, res = pcall(t.await, t)
        seen[#seen + 1] = which .. ":" .. tostring(res) .. "@" .. now()
    end
    print(list(seen))
end)

-- Tasks already done come out first, in the order they finished, without waiting.
section("as_completed with tasks already done", function()
    local x = asyncio.create_task(function() return "x" end)
    local y = asyncio.create_task(function() return "y" end)
    local later = sleeper(0.1, "later")
    asyncio.sleep(0)
    local values = {}
    for t in asyncio.as_completed({ later, y, x }) do values[#values + 1] = t:result() .. "@" .. now() end
    print(list(values))
end)

-- An empty list ends at once.
section("as_completed of nothing", function()
    local n = 0
    for _ in asyncio.as_completed({}) do n = n + 1 end
    print(n, now())
end)

-- Cancelling the task that iterates interrupts the wait; the tasks keep running.
section("as_completed: cancelling the iterating task", function()
    local a = sleeper(0.5, "a")
    local it = asyncio.create_task(function()
        for t in asyncio.as_completed({ a }) do return t:result() end
    end)
    asyncio.sleep(0.1)
    it:cancel()
    local ok, err = pcall(it.await, it)
    print(ok, tostring(err), a:done(), a:cancelled(), now())
    print(a:await(), now())
end)

print("done")
