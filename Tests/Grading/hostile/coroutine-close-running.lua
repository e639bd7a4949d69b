-- Attempts: coroutine.close on a coroutine that is running (from inside itself) and on one
-- that is "normal" (it resumed the one that closes it), and closing a generator that is
-- suspended in the middle of an await from another task.
-- Right verdict: 3/3: the first two raise "cannot close a running/normal coroutine"; the
-- third closes the generator, and its owner's next resume reports a dead coroutine
-- (caught); hello, 42.
local outer
outer = coroutine.create(function()
    assert(not pcall(coroutine.close, outer))
    local inner = coroutine.create(function() return pcall(coroutine.close, outer) end)
    local _, ok = coroutine.resume(inner)
    assert(not ok)
end)
assert(coroutine.resume(outer))
local gen_co = coroutine.create(function() asyncio.sleep(1) return "woke" end)
local owner = asyncio.create_task(function() return coroutine.resume(gen_co) end)
asyncio.sleep(0.5)
coroutine.close(gen_co)
print(owner:await())
print("hello")
return 42
