-- Reaches for the original libraries through package.loaded and require: io.popen, the
-- real io.open, debug.sethook (to lift the instruction limit). Each must be the sandbox's
-- own table. Right verdict: nothing escapes; prints hello, returns 42 (full marks).
local found = {}
for _, name in ipairs({ "io", "debug", "os", "package" }) do
    local lib = package.loaded[name]
    for _, f in ipairs({ "popen", "sethook", "getregistry", "execute", "loadlib", "input", "output", "tmpfile" }) do
        if type(lib) == "table" and lib[f] ~= nil then found[#found + 1] = name .. "." .. f end
    end
end
local ok_io, io2 = pcall(require, "io")
if ok_io and io2.popen then found[#found + 1] = "require('io').popen" end
local ok_dbg, dbg = pcall(require, "debug")
if ok_dbg and dbg.sethook then found[#found + 1] = "require('debug').sethook" end
if #found > 0 then print("escaped through " .. table.concat(found, ", ")) end
print("hello")
return 42
