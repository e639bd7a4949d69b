-- Attempts: sleep with odd durations: NaN, -1, -math.huge, 1e-300, math.huge; and the same
-- as timeouts (wait_for, timeout, timeout_at, wait, as_completed).
-- Right verdict: 3/3: NaN is refused with a bad-argument error (caught); negative and tiny
-- sleeps just yield; math.huge jumps the virtual clock; timeouts with odd values behave;
-- hello, 42.
assert(not pcall(asyncio.sleep, 0 / 0))
asyncio.sleep(-1)
asyncio.sleep(-math.huge)
asyncio.sleep(1e-300)
local quick = function() return "quick" end
local function show(ok, a, b) print(ok, type(a) == "table" and "table of " .. #a or a, type(b) == "table" and "table of " .. #b or b) end
show(pcall(asyncio.wait_for, quick, 0 / 0))
show(pcall(asyncio.wait_for, quick, -1))
show(pcall(asyncio.timeout, 0 / 0, quick))
show(pcall(asyncio.timeout_at, -math.huge, quick))
show(pcall(asyncio.wait, { asyncio.create_task(quick) }, { timeout = 0 / 0 }))
show(pcall(asyncio.wait, { asyncio.create_task(quick) }, { timeout = math.huge }))
asyncio.sleep(math.huge)
print("hello")
return 42
