-- Attempts: package.loadlib on the Lua library itself to get an unrestricted io, and
-- through package.loaded.package in case the sandbox only cleared the global.
-- Right verdict: 1/3, failing with "attempt to call a nil value (field 'loadlib')".
local loadlib = package.loadlib or package.loaded.package.loadlib
local openio = loadlib("/usr/lib/x86_64-linux-gnu/liblua5.4.so.0", "luaopen_io")
if openio then print("hello") return 42 end
