-- `local r = await f()` compiles in Lua: it reads a global named await (nil), then runs
-- f() as a statement of its own. The run goes on, and is told once what it did.
local await_count = 0  -- a name that merely contains the word is no hint
local r = await asyncio.sleep(0.5, "slept")
print(r, asyncio.time())
