-- gather with return_exceptions waits for all and puts each error (string, table, CancelledError) in its place.
local function now() return string.format("%.2f", asyncio.time()) end
local obj = { what = "table error" }
local a = asyncio.create_task(function() asyncio.sleep(0.2); return "a ok" end)
local b = asyncio.create_task(function() asyncio.sleep(0.1); error("b failed", 0) end)
local c = asyncio.create_task(function() asyncio.sleep(0.3); error(obj) end)
local d = asyncio.create_task(asyncio.sleep, 5)
asyncio.create_task(function()
    asyncio.sleep(0.05)
    d:cancel("enough")
end)
local r = asyncio.gather({ a, b, c, d }, { return_exceptions = true })
print(now())
print(r[1])
print(r[2])
print(r[3] == obj)
print(asyncio.CancelledError:is(r[4]), tostring(r[4]))
