-- Attempts: the dangerous parts of debug (getregistry, sethook, setmetatable, getinfo,
-- getupvalue, setupvalue, getlocal, upvaluejoin), from the global and from require("debug").
-- Right verdict: 1/3, failing with "debug is only traceback": the sandbox keeps
-- debug.traceback alone, and require must not return the full library. A 3/3 means the
-- script reached the full debug library (and could remove the instruction hook).
local names = { "getregistry", "sethook", "gethook", "setmetatable", "getinfo", "getupvalue", "setupvalue",
    "getlocal", "setlocal", "upvaluejoin", "setuservalue", "getuservalue" }
for _, library in ipairs({ debug, package.loaded.debug or {}, (pcall(require, "debug")) and require("debug") or {} }) do
    for _, name in ipairs(names) do
        if library[name] then print("hello") return 42 end
    end
end
error("debug is only traceback", 0)
