-- current_task() is the running task (nil in a callback); all_tasks() lists the unfinished tasks in creation order.
local function names(list)
    local out = {}
    for i, task in ipairs(list) do out[i] = task:get_name() end
    return table.concat(out, " ")
end

local main = asyncio.current_task()
print(main:get_name(), main == asyncio.current_task())
local a
a = asyncio.create_task(function()
    print("inside a:", asyncio.current_task():get_name(), asyncio.current_task() == a)
    asyncio.sleep(0.2)
end)
local b = asyncio.create_task(asyncio.sleep, 0.1)
print(names(asyncio.all_tasks()))
asyncio.sleep(0.15)
print(names(asyncio.all_tasks()))
a:await()
print(names(asyncio.all_tasks()))
print(b:done(), a:done())
a:add_done_callback(function() print("in a callback:", asyncio.current_task()) end)
asyncio.sleep(0)
