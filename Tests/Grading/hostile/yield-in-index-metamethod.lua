-- Attempts: await inside an __index metamethod (and __add, __eq, __concat), reached from
-- the task's Lua code. Lua 5.4 can yield across these metamethods, so each await works.
-- Right verdict: 3/3: the metamethods sleep 0.1 s each on the virtual clock, then hello
-- is printed and 42 returned.
local slow = setmetatable({}, {
    __index = function(_, k) asyncio.sleep(0.1) return k end,
    __add = function() asyncio.sleep(0.1) return 40 end,
    __concat = function(_, s) asyncio.sleep(0.1) return "hel" .. s end,
})
local word = slow .. slow.lo
print(word)
return (slow + 1) + 2
