-- create_task passes its arguments through, names tasks Task-2, Task-3, … (main is Task-1), and starts them only after the creator yields.
local function worker(label, a, b, c)
    print("worker", label, a, b, c, asyncio.current_task():get_name())
end

print("main is", asyncio.current_task():get_name())
local t1 = asyncio.create_task(worker, "first", 1, nil, 3)
local t2 = asyncio.create_task(worker, "second", "x")
print("created", t1:get_name(), t2:get_name(), t1:done(), t2:done())
print("main still running")
asyncio.sleep(0)
print("main resumed", t1:done(), t2:done())
