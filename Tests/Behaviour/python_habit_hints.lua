-- Python habits fail with Lua's message and one more line saying what to write instead.
local function try(label, fn)
    local ok, err = pcall(fn)
    print(label, ok)
    print(err)
end

local function fetch(n) return "page " .. n end
local sem, queue, lock = asyncio.Semaphore(1), asyncio.Queue(), asyncio.Lock()

try("dot acquire", function() sem.acquire() end)
try("dot put", function() queue.put(1) end)
try("dot with", function() lock.with(function() end) end)
local t = asyncio.create_task(fetch, 1)
try("dot await", function() local r = t.await() return r end)
try("create_task(f(x))", function() asyncio.create_task(fetch(1)) end)
try("create_task(task)", function() asyncio.create_task(t) end)
try("gather(f(x))", function() asyncio.gather(fetch(1), fetch(2)) end)
try("concat a task", function() return "got " .. t end)
-- These work, and stay quiet: colons, functions, results.
sem:acquire() sem:release()
print(asyncio.gather(t, function() return fetch(2) end)[2], "got " .. t:await())
-- Printing a task where its result was meant is told once, at the end.
print(t)
print(t)
