-- to_thread runs a function on a worker thread, in a Lua state of its own: the function,
-- what it closes over, its arguments and its results are copied; the loop goes on meanwhile.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local floor, config = math.floor, { scale = 2 }
local function work(n, label)
    print("worker " .. label .. " prints")  -- written when the worker completes
    return floor(fib(n) * config.scale), label, { n = n, list = { 1, 2 } }
end
local ticks = asyncio.create_task(function()
    for i = 1, 3 do
        print("the loop ticks", i)
        asyncio.sleep(0)
    end
end)
local a = asyncio.create_task(asyncio.to_thread, work, 15, "a")
local b = asyncio.create_task(asyncio.to_thread, work, 16, "b")
local value, label, record = a:await()
print(value, label, record.n, record.list[2])
local value_b, label_b = b:await()
print(value_b, label_b)
ticks:await()
-- Host work takes no virtual time.
print(string.format("%.2f", asyncio.time()))
-- asyncio.run_in_executor(nil, fn, ...) is the same.
print(asyncio.run_in_executor(nil, function(x, y) return x * y end, 6, 7))
-- gather of several workers: results in order.
local results = asyncio.gather(
    function() return asyncio.to_thread(fib, 10) end,
    function() return asyncio.to_thread(fib, 11) end)
print(results[1], results[2])
-- Globals the script defined are not in the worker's state; Lua's library is.
helper = function() return "main's helper" end
print(pcall(asyncio.to_thread, function() return helper() end))
print(asyncio.to_thread(function(s) return string.upper(s), type(print), math.type(1) end, "ok"))
-- math.random in a worker is seeded from the run's seed: the same on every run.
print(asyncio.to_thread(function() return math.random(1000), math.random(1000) end))
-- Copies are exact: keys keep their types, strings their bytes, and closures that share a
-- local share it in the worker too.
local sparse = asyncio.to_thread(function(t) return t end, { 1, nil, nil, 4, [10] = "x", [1.5] = "half", [true] = "yes" })
print(sparse[1], sparse[4], sparse[10], sparse[1.5], sparse[true])
print(string.byte(asyncio.to_thread(function(s) return s end, "\255\0\254"), 1, -1))
local count = 0
local function inc() count = count + 1 end
print(asyncio.to_thread(function() inc() inc() return count end), count)
