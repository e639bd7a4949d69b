-- Attempts: coroutine.yield at the task's top level, with values, inside a pcall, so it goes
-- to the loop instead of to a resumer.
-- Right verdict: 2/3: prints hello, then fails with "coroutine.yield() outside a
-- coroutine: a task's own code can only suspend through asyncio".
print("hello")
pcall(coroutine.yield, "to", "the", "loop")
return 42
