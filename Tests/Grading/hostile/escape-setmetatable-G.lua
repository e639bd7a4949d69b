-- Attempts: take over _G with a metatable (undefined globals become print-and-return-42
-- functions, and writes to globals vanish), then break the names the prelude might look up
-- at run time (asyncio, print, error, tostring, coroutine).
-- Right verdict: 3/3. The prelude keeps its own references, so printing and returning
-- still work through the script's own calls: it prints hello via the hijacked lookup and
-- returns 42. A host crash or a failed run here means the host depends on _G.
local real_print = print
setmetatable(_G, {
    __index = function(_, name) return function() real_print("hello") return 42 end end,
    __newindex = function() end,
    __metatable = "locked",
})
print, error, tostring, coroutine, asyncio, require = nil, nil, nil, nil, nil, nil
rawset(_G, "asyncio", nil)
rawset(_G, "print", nil)
return this_global_does_not_exist()
