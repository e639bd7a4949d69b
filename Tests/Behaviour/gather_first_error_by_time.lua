-- When two children fail in the same turn, gather raises the error of the one that failed first, not the first argument's.
local b = asyncio.create_task(function() asyncio.sleep(0.1); error("b failed first", 0) end)
local a = asyncio.create_task(function() asyncio.sleep(0.1); error("a failed second", 0) end)
print(pcall(asyncio.gather, a, b))
print(a:exception())
