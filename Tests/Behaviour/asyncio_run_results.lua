-- asyncio.run(fn, ...) runs fn(...) as a new task, returns all of its results, and raises its error.
local function now() return string.format("%.2f", asyncio.time()) end
local function main(a, b)
    print("running as", asyncio.current_task():get_name())
    asyncio.sleep(0.2)
    return a + b, "sum", nil
end
local r = table.pack(asyncio.run(main, 1, 2))
print(r.n, r[1], r[2], r[3], now())
print(asyncio.run(main, 3, 4))
print(pcall(asyncio.run, function()
    asyncio.sleep(0.1)
    error("boom", 0)
end))
print(now())
print(require("asyncio") == asyncio)
