-- CPython-derived behaviour tests for asyncio.Queue, LifoQueue and PriorityQueue, including
-- shutdown (Lib/test/test_asyncio/test_queues.py). Each section mirrors one CPython test in
-- Tide's Lua API and prints the order of events, virtual times, error types and tostring(q) =
-- "Queue(size=S, maxsize=M, getters=G, putters=P, unfinished=U, shut down)" (zero parts left
-- out).
-- Deliberate difference (the SPEC's no-overtaking rule): an item put while a getter waits is
-- kept for that getter, and a slot freed while a putter waits is kept for that putter, so a
-- get_nowait/put_nowait by someone else in between raises QueueEmpty/QueueFull. CPython lets
-- the newcomer take it and sends the woken waiter back to the end of the line.
-- Lua API shapes: maxsize must be an integer; PriorityQueue items are numbers, strings or
-- {priority, item} pairs.
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
-- pcall for printing: "ok <values>" or the error's tostring.
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

---------------------------------------------------------------------------------------------
-- QueueBasicTests
---------------------------------------------------------------------------------------------

-- test_queues.py QueueBasicTests.test_repr / test_str
section("QueueBasicTests.test_repr", function()
    local q = asyncio.Queue()
    print(tostring(q))
    local getter = asyncio.create_task(function() return q:get() end)
    asyncio.sleep(0)
    print(tostring(q))
    q:put_nowait(0)
    print(getter:await(), tostring(q))
    q = asyncio.Queue(1)
    q:put_nowait(1)
    local putter = asyncio.create_task(function() q:put(2) end)
    asyncio.sleep(0)
    print(tostring(q))
    q:get_nowait()
    putter:await()
    print(putter:done(), tostring(q))
    q = asyncio.Queue()
    q:put_nowait(1)
    print(tostring(q))
end)

-- test_queues.py QueueBasicTests.test_empty
section("QueueBasicTests.test_empty", function()
    local q = asyncio.Queue()
    print(q:empty())
    q:put(1)
    print(q:empty())
    print(q:get(), q:empty())
end)

-- test_queues.py QueueBasicTests.test_full
section("QueueBasicTests.test_full", function()
    local q = asyncio.Queue()
    print(q:full(), q.maxsize)
    q = asyncio.Queue(1)
    q:put(1)
    print(q:full(), q.maxsize, math.type(q.maxsize), math.type(q:qsize()))
end)

-- test_queues.py QueueBasicTests.test_order
section("QueueBasicTests.test_order", function()
    local q = asyncio.Queue()
    for _, i in ipairs({ 1, 3, 2 }) do q:put(i) end
    print(q:get(), q:get(), q:get())
end)

-- test_queues.py QueueBasicTests.test_maxsize
section("QueueBasicTests.test_maxsize", function()
    local q = asyncio.Queue(2)
    print(q.maxsize)
    local have_been_put = {}
    local t = asyncio.create_task(function()
        for i = 0, 2 do
            q:put(i)
            have_been_put[#have_been_put + 1] = i
        end
        return true
    end)
    asyncio.sleep(0)
    asyncio.sleep(0)
    print(list(have_been_put), tostring(q))
    print(q:get())
    asyncio.sleep(0)
    print(list(have_been_put))
    print(q:get(), q:get(), t:done(), t:result())
end)

---------------------------------------------------------------------------------------------
-- QueueGetTests
---------------------------------------------------------------------------------------------

-- test_queues.py QueueGetTests.test_blocking_get
section("QueueGetTests.test_blocking_get", function()
    local q = asyncio.Queue()
    q:put_nowait(1)
    print(q:get())
end)

-- test_queues.py QueueGetTests.test_get_with_putters
-- A get from a full queue frees a slot, and the waiting putter completes.
section("QueueGetTests.test_get_with_putters", function()
    local q = asyncio.Queue(1)
    q:put(1)
    local putter = asyncio.create_task(function() q:put(2) return "put" end)
    asyncio.sleep(0)
    print(tostring(q))
    print(q:get(), putter:done())
    print(putter:await(), tostring(q))
end)

-- test_queues.py QueueGetTests.test_blocking_get_wait
section("QueueGetTests.test_blocking_get_wait", function()
    local q = asyncio.Queue()
    local started = asyncio.Event()
    local finished = false
    local t = asyncio.create_task(function()
        started:set()
        local res = q:get()
        finished = true
        return res
    end)
    started:wait()
    print(finished)
    asyncio.create_task(function()
        asyncio.sleep(0.01)
        q:put_nowait(1)
    end)
    print(t:await(), finished, now())
end)

-- test_queues.py QueueGetTests.test_nonblocking_get / test_nonblocking_get_exception
section("QueueGetTests.test_nonblocking_get", function()
    local q = asyncio.Queue()
    q:put_nowait(1)
    print(q:get_nowait())
    local ok, err = pcall(q.get_nowait, q)
    print(ok, tostring(err), asyncio.QueueEmpty:is(err))
end)

-- test_queues.py QueueGetTests.test_get_cancelled_race
section("QueueGetTests.test_get_cancelled_race", function()
    local q = asyncio.Queue()
    local t1 = asyncio.create_task(function() return q:get() end)
    local t2 = asyncio.create_task(function() return q:get() end)
    asyncio.sleep(0)
    t1:cancel()
    asyncio.sleep(0)
    print(t1:done(), t1:cancelled(), tostring(q))
    q:put("a")
    asyncio.sleep(0)
    print(t2:await(), tostring(q))
end)

-- test_queues.py QueueGetTests.test_get_with_waiting_putters
section("QueueGetTests.test_get_with_waiting_putters", function()
    local q = asyncio.Queue(1)
    local pa = asyncio.create_task(function() q:put("a") end)
    local pb = asyncio.create_task(function() q:put("b") end)
    print(q:get(), q:get(), now())
    asyncio.gather(pa, pb)
end)

-- test_queues.py QueueGetTests.test_why_are_getters_waiting
section("QueueGetTests.test_why_are_getters_waiting", function()
    local q = asyncio.Queue(1)
    local got = {}
    asyncio.task_group(function(tg)
        tg:create_task(function() for i = 0, 4 do q:put(i) end end)
        tg:create_task(function() for _ = 1, 5 do got[#got + 1] = q:get() end end)
    end)
    print(list(got), tostring(q))
end)

-- test_queues.py QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
section("QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters", function()
    local q = asyncio.Queue(5)
    local ok, err = pcall(asyncio.wait_for, function() return q:get() end, 0.1)
    print(ok, tostring(err), now(), tostring(q))
end)

---------------------------------------------------------------------------------------------
-- QueuePutTests
---------------------------------------------------------------------------------------------

-- test_queues.py QueuePutTests.test_blocking_put
section("QueuePutTests.test_blocking_put", function()
    local q = asyncio.Queue()
    q:put(1)
    print(q:get())
end)

-- test_queues.py QueuePutTests.test_blocking_put_wait
section("QueuePutTests.test_blocking_put_wait", function()
    local q = asyncio.Queue(1)
    local started = asyncio.Event()
    local finished = false
    asyncio.create_task(function()
        asyncio.sleep(0.01)
        q:get_nowait()
    end)
    local t = asyncio.create_task(function()
        started:set()
        q:put(1)
        q:put(2)
        finished = true
    end)
    started:wait()
    print(finished)
    t:await()
    print(finished, now(), tostring(q))
end)

-- test_queues.py QueuePutTests.test_nonblocking_put
section("QueuePutTests.test_nonblocking_put", function()
    local q = asyncio.Queue()
    q:put_nowait(1)
    print(q:get_nowait())
end)

-- test_queues.py QueuePutTests.test_get_cancel_drop_one_pending_reader
-- The reader is handed item 1 and cancelled before it runs: item 1 stays in the queue.
section("QueuePutTests.test_get_cancel_drop_one_pending_reader", function()
    local q = asyncio.Queue()
    local reader = asyncio.create_task(function() return q:get() end)
    asyncio.sleep(0)
    q:put_nowait(1)
    q:put_nowait(2)
    reader:cancel()
    local ok, res = pcall(reader.await, reader)
    print("first reader:", ok, tostring(res))
    if not ok then
        reader = asyncio.create_task(function() return q:get() end)
        res = reader:await()
    end
    print("result:", res, tostring(q))
end)

-- test_queues.py QueuePutTests.test_get_cancel_drop_many_pending_readers
section("QueuePutTests.test_get_cancel_drop_many_pending_readers", function()
    local q = asyncio.Queue()
    local reader1, reader2, reader3
    asyncio.task_group(function(tg)
        reader1 = tg:create_task(function() return q:get() end)
        reader2 = tg:create_task(function() return q:get() end)
        reader3 = tg:create_task(function() return q:get() end)
        asyncio.sleep(0)
        q:put_nowait(1)
        q:put_nowait(2)
        reader1:cancel()
        print("reader1:", try(reader1.await, reader1))
        reader3:await()
    end)
    print(reader2:result(), reader3:result(), tostring(q))
end)

-- test_queues.py QueuePutTests.test_put_cancel_drop
-- The writer is handed a slot and cancelled before it runs: a retry gets the slot.
section("QueuePutTests.test_put_cancel_drop", function()
    local q = asyncio.Queue(1)
    q:put_nowait(1)
    local writer = asyncio.create_task(function() q:put(2) end)
    asyncio.sleep(0)
    print(q:get_nowait())
    writer:cancel()
    local ok, err = pcall(writer.await, writer)
    print("writer:", ok, tostring(err))
    if not ok then
        writer = asyncio.create_task(function() q:put(2) end)
        writer:await()
    end
    print(q:get_nowait(), q:qsize(), tostring(q))
end)

-- test_queues.py QueuePutTests.test_nonblocking_put_exception
section("QueuePutTests.test_nonblocking_put_exception", function()
    local q = asyncio.Queue(1)
    q:put_nowait(1)
    local ok, err = pcall(q.put_nowait, q, 2)
    print(ok, tostring(err), asyncio.QueueFull:is(err), tostring(q))
end)

-- test_queues.py QueuePutTests.test_float_maxsize (Tide: maxsize must be an integer)
section("QueuePutTests.test_float_maxsize", function()
    local ok = pcall(asyncio.Queue, 1.3)
    print("Queue(1.3) accepted:", ok)
    local q = asyncio.Queue(2.0)
    print(q.maxsize, math.type(q.maxsize))
    q:put_nowait(1)
    q:put_nowait(2)
    print(q:full(), try(q.put_nowait, q, 3))
end)

-- test_queues.py QueuePutTests.test_put_cancelled
section("QueuePutTests.test_put_cancelled", function()
    local q = asyncio.Queue()
    local t = asyncio.create_task(function()
        q:put(1)
        return true
    end)
    print(q:get(), t:done(), t:result())
end)

-- test_queues.py QueuePutTests.test_put_cancelled_race
section("QueuePutTests.test_put_cancelled_race", function()
    local q = asyncio.Queue(1)
    local put_a = asyncio.create_task(function() q:put("a") end)
    local put_b = asyncio.create_task(function() q:put("b") end)
    local put_c = asyncio.create_task(function() q:put("X") end)
    asyncio.sleep(0)
    print(put_a:done(), put_b:done(), tostring(q))
    put_c:cancel()
    asyncio.sleep(0)
    print(put_c:done(), put_c:cancelled(), tostring(q))
    print(q:get_nowait())
    asyncio.sleep(0)
    print(q:get_nowait())
    put_b:await()
    print(tostring(q))
end)

-- test_queues.py QueuePutTests.test_put_with_waiting_getters
section("QueuePutTests.test_put_with_waiting_getters", function()
    local q = asyncio.Queue()
    local t = asyncio.create_task(function() return q:get() end)
    asyncio.sleep(0)
    q:put("a")
    print(t:await())
end)

-- test_queues.py QueuePutTests.test_why_are_putters_waiting
section("QueuePutTests.test_why_are_putters_waiting", function()
    local q = asyncio.Queue(2)
    local taken = {}
    asyncio.task_group(function(tg)
        tg:create_task(function()
            asyncio.sleep(0)
            for _ = 1, q:qsize() do taken[#taken + 1] = q:get_nowait() end
        end)
        for i = 0, 3 do tg:create_task(function() q:put(i) end) end
    end)
    print(list(taken), tostring(q))
end)

-- test_queues.py QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters
section("QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters", function()
    local q = asyncio.Queue(1)
    q:put_nowait(1)
    local put_task = asyncio.create_task(function() q:put(1) end)
    asyncio.sleep(0)
    print(tostring(q))
    put_task:cancel()
    print(try(put_task.await, put_task), tostring(q))
end)

-- test_queues.py QueuePutTests.test_cancelled_put_silence_value_error_exception
section("QueuePutTests.test_cancelled_put_silence_value_error_exception", function()
    local q = asyncio.Queue(1)
    q:put_nowait(1)
    local put_task = asyncio.create_task(function() q:put(1) end)
    asyncio.sleep(0)
    q:get_nowait()
    put_task:cancel()
    print(try(put_task.await, put_task), tostring(q))
end)

---------------------------------------------------------------------------------------------
-- LifoQueueTests, PriorityQueueTests
---------------------------------------------------------------------------------------------

-- test_queues.py LifoQueueTests.test_order
section("LifoQueueTests.test_order", function()
    local q = asyncio.LifoQueue()
    for _, i in ipairs({ 1, 3, 2 }) do q:put(i) end
    print(q:get(), q:get(), q:get(), tostring(q))
end)

-- test_queues.py PriorityQueueTests.test_order
section("PriorityQueueTests.test_order", function()
    local q = asyncio.PriorityQueue()
    for _, i in ipairs({ 1, 3, 2 }) do q:put(i) end
    print(q:get(), q:get(), q:get(), tostring(q))
end)

-- PriorityQueue with {priority, item} pairs: smallest first, equal priorities in insertion order.
section("PriorityQueue pairs", function()
    local q = asyncio.PriorityQueue()
    for _, pair in ipairs({ { 2, "b1" }, { 1, "a1" }, { 3, "c" }, { 2, "b2" }, { 1, "a2" }, { 2, "b3" } }) do
        q:put_nowait(pair)
    end
    local out = {}
    while not q:empty() do
        local pair = q:get_nowait()
        out[#out + 1] = pair[1] .. ":" .. pair[2]
    end
    print(list(out))
    local s = asyncio.PriorityQueue()
    for _, w in ipairs({ "pear", "apple", "fig" }) do s:put_nowait(w) end
    print(s:get_nowait(), s:get_nowait(), s:get_nowait())
    -- A number and a string priority do not compare.
    s:put_nowait(1)
    print("mixed priorities accepted:", (pcall(s.put_nowait, s, "x")), s:qsize())
end)

-- A getter waiting on an empty PriorityQueue gets the smallest of the items put in one turn.
section("PriorityQueue waiting getter", function()
    local q = asyncio.PriorityQueue()
    local got = {}
    local t = asyncio.create_task(function()
        for _ = 1, 3 do got[#got + 1] = q:get()[2] end
    end)
    asyncio.sleep(0)
    q:put_nowait({ 5, "five" })
    q:put_nowait({ 1, "one" })
    q:put_nowait({ 3, "three" })
    t:await()
    print(list(got))
end)

---------------------------------------------------------------------------------------------
-- _QueueJoinTestMixin (Queue, LifoQueue, PriorityQueue)
---------------------------------------------------------------------------------------------

for _, class in ipairs({ "Queue", "LifoQueue", "PriorityQueue" }) do
    local make = asyncio[class]

    -- test_queues.py _QueueJoinTestMixin.test_task_done_underflow
    section(class .. "JoinTests.test_task_done_underflow", function()
        local q = make()
        local ok, err = pcall(q.task_done, q)
        print(ok, tostring(err), asyncio.ValueError:is(err))
    end)

    -- test_queues.py _QueueJoinTestMixin.test_task_done
    section(class .. "JoinTests.test_task_done", function()
        local q = make()
        for i = 0, 99 do q:put_nowait(i) end
        local accumulator = 0
        local running = true
        asyncio.task_group(function(tg)
            local tasks = {}
            for i = 1, 2 do
                tasks[i] = tg:create_task(function()
                    while running do
                        local item = q:get()
                        accumulator = accumulator + item
                        q:task_done()
                    end
                end)
            end
            q:join()
            print(accumulator, now(), tostring(q))
            running = false
            for _ = 1, #tasks do q:put_nowait(0) end
        end)
        print(tostring(q))
    end)

    -- test_queues.py _QueueJoinTestMixin.test_join_empty_queue
    section(class .. "JoinTests.test_join_empty_queue", function()
        local q = make()
        local ran = false
        local t = asyncio.create_task(function() ran = true end)
        q:join()
        q:join()
        print("joined without yielding:", not ran)
        t:await()
    end)

    -- test_queues.py _QueueJoinTestMixin.test_format
    section(class .. "JoinTests.test_format", function()
        local q = make()
        print(tostring(q))
        q:put_nowait(1)
        q:put_nowait(2)
        q:get_nowait()
        print(tostring(q))
    end)
end

---------------------------------------------------------------------------------------------
-- _QueueShutdownTestMixin (Queue, LifoQueue, PriorityQueue)
---------------------------------------------------------------------------------------------

local function sd(q) return "put:" .. try(q.put, q, "data") .. " put_nowait:" .. try(q.put_nowait, q, "data")
    .. " get:" .. try(q.get, q) .. " get_nowait:" .. try(q.get_nowait, q) end

for _, class in ipairs({ "Queue", "LifoQueue", "PriorityQueue" }) do
    local make = asyncio[class]

    -- test_queues.py _QueueShutdownTestMixin.test_format
    section(class .. "ShutdownTests.test_format", function()
        local q = make()
        q:shutdown()
        print(tostring(q))
    end)

    -- test_queues.py _QueueShutdownTestMixin.test_shutdown_empty
    section(class .. "ShutdownTests.test_shutdown_empty", function()
        local q = make()
        local get_task = asyncio.create_task(function() return q:get() end)
        asyncio.sleep(0)
        q:shutdown(false)
        print(q:qsize(), tostring(q))
        q:join()
        asyncio.sleep(0)
        print(get_task:done(), try(get_task.await, get_task))
        print(sd(q))
    end)

    -- test_queues.py _QueueShutdownTestMixin.test_shutdown_nonempty
    section(class .. "ShutdownTests.test_shutdown_nonempty", function()
        local q = make(1)
        q:put_nowait("data")
        local join_task = asyncio.create_task(function() q:join() end)
        local put_task = asyncio.create_task(function() q:put("data2") end)
        asyncio.sleep(0)
        print(put_task:done(), tostring(q))
        q:shutdown(false)
        print(q:qsize())
        asyncio.sleep(0)
        print(put_task:done(), try(put_task.await, put_task))
        print(q:get())
        asyncio.sleep(0)
        print(join_task:done())
        print(sd(q))
        q:task_done()
        asyncio.sleep(0)
        print(join_task:done(), try(join_task.await, join_task))
        print(try(q.task_done, q), tostring(q))
    end)

    -- test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate
    section(class .. "ShutdownTests.test_shutdown_immediate", function()
        local q = make()
        q:put_nowait("data")
        local join_task = asyncio.create_task(function() q:join() end)
        q:shutdown(true)
        print(q:qsize(), tostring(q))
        asyncio.sleep(0)
        print(join_task:done(), try(join_task.await, join_task))
        print(sd(q))
        print(try(q.task_done, q))
    end)

    -- test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished
    section(class .. "ShutdownTests.test_shutdown_immediate_with_unfinished", function()
        local q = make()
        q:put_nowait("data")
        q:put_nowait("data")
        local join_task = asyncio.create_task(function() q:join() end)
        print(q:get())
        q:shutdown(true)
        print(q:qsize(), tostring(q))
        asyncio.sleep(0)
        print(join_task:done())
        print(sd(q))
        print(try(q.task_done, q), try(q.task_done, q))
        asyncio.sleep(0)
        print(join_task:done(), try(join_task.await, join_task), tostring(q))
    end)
end

-- test_queues.py _QueueShutdownTestMixin._shutdown_putters (3.13 development version)
-- Waiting putters are woken with QueueShutDown, by either kind of shutdown.
section("shutdown wakes waiting putters", function()
    for _, immediate in ipairs({ false, true }) do
        local q = asyncio.Queue(2)
        q:put("E")
        q:put("W")
        local t = asyncio.create_task(function() q:put("Y") end)
        asyncio.sleep(0)
        print(tostring(q))
        q:shutdown(immediate)
        print(immediate, try(t.await, t), tostring(q))
    end
end)

-- test_queues.py _QueueShutdownTestMixin.test_shutdown_get_task_done_join (development version)
-- After shutdown(false) the items already queued can still be taken and marked done; join()
-- then returns.
section("shutdown(false) drains, join returns", function()
    local q = asyncio.Queue(2)
    q:put("Y")
    q:put("D")
    local results = {}
    local go = asyncio.Event()
    local function get_task_done()
        go:wait()
        local msg = q:get()
        q:task_done()
        results[#results + 1] = msg
        return msg
    end
    local function join()
        q:join()
        results[#results + 1] = "joined@" .. now()
    end
    local tasks = { asyncio.create_task(get_task_done), asyncio.create_task(get_task_done),
        asyncio.create_task(join), asyncio.create_task(join) }
    asyncio.create_task(function()
        q:shutdown(false)
        asyncio.sleep(0.001)
        go:set()
    end)
    asyncio.gather(tasks)
    print(list(results), tostring(q))
end)

-- Woken but not yet run when the queue shuts down: a getter handed an item loses it to
-- shutdown(true), and a putter handed a slot cannot put after any shutdown (CPython's woken
-- waiters re-check the queue and raise QueueShutDown the same way).
section("shutdown between a wakeup and the waiter running", function()
    local q = asyncio.Queue()
    local g = asyncio.create_task(function() return q:get() end)
    asyncio.sleep(0)
    q:put_nowait("x")
    q:shutdown(true)
    print("getter:", try(g.await, g), tostring(q))
    q = asyncio.Queue(1)
    q:put_nowait("a")
    local p = asyncio.create_task(function() q:put("b") end)
    asyncio.sleep(0)
    print(q:get_nowait())
    q:shutdown(false)
    print("putter:", try(p.await, p), tostring(q))
end)

-- shutdown() then shutdown(true): the second call drops what the first left queued.
section("shutdown then shutdown(immediate)", function()
    local q = asyncio.LifoQueue()
    for i = 1, 3 do q:put_nowait(i) end
    q:shutdown()
    print(tostring(q), q:get_nowait())
    q:shutdown(true)
    print(tostring(q), try(q.get_nowait, q))
end)

---------------------------------------------------------------------------------------------
-- FIFO discipline (SPEC): waiters are served first come first served, a newcomer never
-- overtakes a waiter, a cancelled waiter never consumes an item or a slot.
---------------------------------------------------------------------------------------------

section("getters are served in arrival order", function()
    local q = asyncio.Queue()
    local got = {}
    local tasks = {}
    for i = 1, 3 do
        tasks[i] = asyncio.create_task(function()
            asyncio.sleep(0.1 * (4 - i)) -- g3 starts waiting first
            local item = q:get()
            got[#got + 1] = "g" .. i .. "=" .. item
        end)
    end
    asyncio.sleep(1)
    for i = 1, 3 do q:put_nowait("item" .. i) end
    asyncio.gather(tasks)
    print(list(got))
end)

section("an item put for a waiting getter is not taken by a newcomer", function()
    local q = asyncio.Queue()
    local g = asyncio.create_task(function() return q:get() end)
    asyncio.sleep(0)
    q:put_nowait("for the getter")
    print("newcomer:", try(q.get_nowait, q), tostring(q))
    print("getter:", g:await(), tostring(q))
end)

section("a slot freed for a waiting putter is not taken by a newcomer", function()
    local q = asyncio.Queue(1)
    q:put_nowait("first")
    local p = asyncio.create_task(function() q:put("waiting putter") end)
    asyncio.sleep(0)
    print(q:get_nowait())
    print("newcomer:", try(q.put_nowait, q, "newcomer"), tostring(q))
    p:await()
    print(q:get_nowait(), tostring(q))
end)

section("a getter cancelled after being handed an item passes it to the next getter", function()
    local q = asyncio.Queue()
    local log = {}
    local function getter(name)
        local ok, res = pcall(q.get, q)
        log[#log + 1] = name .. ":" .. tostring(res)
        if not ok then error(res, 0) end
    end
    local a = asyncio.create_task(getter, "a")
    local b = asyncio.create_task(getter, "b")
    asyncio.sleep(0)
    q:put_nowait("x")
    a:cancel()
    asyncio.gather({ a, b }, { return_exceptions = true })
    print(list(log), tostring(q))
end)

section("putters are served in arrival order", function()
    local q = asyncio.Queue(1)
    q:put_nowait(0)
    local tasks = {}
    for i = 1, 3 do
        tasks[i] = asyncio.create_task(function()
            asyncio.sleep(0.1 * (4 - i)) -- p3 starts waiting first
            q:put("p" .. i)
        end)
    end
    asyncio.sleep(1)
    local got = {}
    for _ = 1, 4 do got[#got + 1] = q:get() end
    asyncio.gather(tasks)
    print(list(got), tostring(q))
end)

section("nil is a queue item", function()
    local q = asyncio.Queue(2)
    q:put(nil)
    q:put_nowait(false)
    print(q:qsize(), q:full(), select("#", q:get()), q:get())
    local t = asyncio.create_task(function() return select("#", q:get()), "got" end)
    asyncio.sleep(0)
    q:put(nil)
    print(t:await())
end)

print("done")
