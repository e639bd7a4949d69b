-- Attempts: coroutine.resume and coroutine.close on the task's own coroutine
-- (coroutine.running()), and on another task's coroutine while that task sleeps.
-- Right verdict: 3/3: each is refused with "cannot resume/close a task's own coroutine";
-- the other task finishes normally; hello, 42.
local main = coroutine.running()
assert(not pcall(coroutine.resume, main))
assert(not pcall(coroutine.close, main))
local other
local t = asyncio.create_task(function() other = coroutine.running() asyncio.sleep(1) return 42 end)
asyncio.sleep(0)
assert(not pcall(coroutine.resume, other, true))
assert(not pcall(coroutine.close, other))
assert(not pcall(coroutine.wrap, other))
print("hello")
return t:await()
