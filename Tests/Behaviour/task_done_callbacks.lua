-- add_done_callback: callbacks get the task, run after it is done (even when added late); remove_done_callback returns how many it removed.
local function now() return string.format("%.2f", asyncio.time()) end
local t = asyncio.create_task(function()
    asyncio.sleep(0.2)
    return "value"
end)
t:set_name("worker")
local function first(task) print(now(), "first", task == t, task:get_name(), task:done(), task:result()) end
local function second(task) print(now(), "second", task:get_name()) end
local function removed(task) print("removed callback ran") end
t:add_done_callback(first)
t:add_done_callback(second)
t:add_done_callback(removed)
t:add_done_callback(removed)
print("removed", t:remove_done_callback(removed))
print("removed again", t:remove_done_callback(removed))
asyncio.sleep(0.5)

-- Added to a task already done: scheduled for the next turn, not called at once.
t:add_done_callback(function(task) print(now(), "late", task:get_name()) end)
print("late callback added")
asyncio.sleep(0)
print("main after a turn")

-- A cancelled task calls its callbacks too.
local c = asyncio.create_task(asyncio.sleep, 10)
c:add_done_callback(function(task) print(now(), "cancelled task callback", task:cancelled()) end)
asyncio.sleep(0.1)
c:cancel()
asyncio.sleep(0)
asyncio.sleep(0)
