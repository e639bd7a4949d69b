-- Attempts: sleep(math.huge) three times: each saturates at 2^62 ns, so the third deadline
-- overflows the clock's 64-bit nanoseconds; then a sleep and a wait_for with sane
-- durations.
-- Right verdict: 3/3: time saturates and never goes backwards; the later sleep takes its
-- second and wait_for returns its value (no premature TimeoutError); hello, 42.
for _ = 1, 3 do asyncio.sleep(math.huge) end
local before = asyncio.time()
asyncio.sleep(1)
assert(asyncio.time() >= before, "time went backwards")
local value = asyncio.wait_for(function() asyncio.sleep(1) return 42 end, 10)
print("hello")
return value
