-- Attempts: await (asyncio.sleep) inside a table.sort comparator, where Lua cannot suspend
-- (a yield across a C-call boundary).
-- Right verdict: 2/3: prints hello, then fails with the "cannot await here: ... a
-- table.sort comparator ..." error, not a crash or a hang.
print("hello")
local t = { 3, 1, 2 }
table.sort(t, function(a, b) asyncio.sleep(0.1) return a < b end)
return 42
