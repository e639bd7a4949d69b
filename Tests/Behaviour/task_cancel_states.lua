-- cancel() is true for an unfinished task and false for a done one; a task cancelled before it starts never runs.
local started = false
local never = asyncio.create_task(function() started = true end)
print("cancel before start:", never:cancel(), never:cancelled(), never:done())
asyncio.sleep(0)
print("after a turn:", started, never:cancelled(), never:done())
print("cancel again:", never:cancel())

local sleeper = asyncio.create_task(asyncio.sleep, 10)
asyncio.sleep(0)
print("cancel sleeper twice:", sleeper:cancel(), sleeper:cancel(), sleeper:done())
asyncio.sleep(0)
print("sleeper:", sleeper:cancelled(), sleeper:done(), sleeper:cancelling())

local fine = asyncio.create_task(function() return 1 end)
asyncio.sleep(0)
print("cancel finished task:", fine:cancel(), fine:cancelled(), fine:done())

local failed = asyncio.create_task(function() error("oops", 0) end)
asyncio.sleep(0)
print("cancel failed task:", failed:cancel(), failed:cancelled(), failed:exception())
print(string.format("%.2f", asyncio.time()))
