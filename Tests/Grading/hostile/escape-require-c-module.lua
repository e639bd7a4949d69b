-- Attempts: load native code through require: LuaFileSystem (installed on the build
-- machine as lfs.so), with package.cpath pointed at the system's C module folders.
-- Right verdict: 1/3, failing with "module 'lfs' not found": only preloaded modules
-- (asyncio) can be required. A 3/3 means a C module was loaded.
package.cpath = "/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;/usr/local/lib/lua/5.4/?.so"
local lfs = require("lfs")
if lfs and lfs.currentdir() then print("hello") return 42 end
