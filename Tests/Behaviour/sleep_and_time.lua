-- asyncio.sleep and asyncio.time on the virtual clock: exact, and sleep(0) yields once.
print(asyncio.time())
asyncio.sleep(0.25)
print(asyncio.time())
print(asyncio.sleep(0.5, "value"))
print(asyncio.time())
asyncio.sleep(-1)
print(asyncio.time())

local order = {}
local t = asyncio.create_task(function() order[#order + 1] = "task" end)
order[#order + 1] = "before"
asyncio.sleep(0)
order[#order + 1] = "after"
print(table.concat(order, " "))

print(pcall(asyncio.sleep, "soon"))
print(pcall(asyncio.sleep))
print(pcall(asyncio.sleep, 0/0))
