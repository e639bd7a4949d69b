-- Attempts: _ENV tricks to reach what the sandbox hid: a <const> _ENV (which miscompiled in
-- Lua 5.4.0-5.4.3), load() with an environment that proxies _G, a loaded chunk that
-- declares its own _ENV, and replacing the main chunk's _ENV.
-- Right verdict: 3/3 once it has shown that none of them reaches os.execute, io.popen,
-- debug.sethook, the string metatable or a file outside the exercise folder; it errors
-- ("escaped ...") if any did.
local G = _G
local function escaped(os_, io_, debug_)
    return os_.execute or io_.popen or debug_.sethook or (io_.open and io_.open("/etc/passwd"))
end
do
    local _ENV <const> = { os = G.os, io = G.io, debug = G.debug }
    if escaped(os, io, debug) then G.error("escaped through <const> _ENV") end
end
local probe = load("return os, io, debug", "=probe", "t", setmetatable({}, { __index = function(_, k) return G[k] end }))
if escaped(probe()) then error("escaped through load with an env") end
local chunk = load("local _ENV = ...; return getmetatable", "=env")
if chunk(G)("") ~= "string" then error("escaped: the string metatable is readable") end
_ENV = setmetatable({}, { __index = G })
if escaped(os, io, debug) then error("escaped through a new _ENV") end
print("hello")
return 42
