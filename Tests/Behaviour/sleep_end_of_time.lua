-- Sleeps past the end of virtual time saturate there instead of wrapping into the past.
asyncio.sleep(6e9)
print(asyncio.time())
asyncio.sleep(1e10)
local t = asyncio.time()
print(t > 9.2e9)
asyncio.sleep(1)
print(asyncio.time() == t)
