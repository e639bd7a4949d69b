-- The sandbox of SPEC §6, applied to the globals before a sandboxed script runs: no
-- processes, no files, no native code, no binary chunks, and of `debug` only tracebacks.
-- The prelude keeps its own references to what it needs, taken before this runs.
local write_line = ...
local load, error, type, select, tostring, concat = load, error, type, select, tostring, table.concat

for _, name in ipairs({ "execute", "exit", "remove", "rename", "tmpname", "getenv", "setlocale" }) do
    os[name] = nil
end

-- io.write stays, writing through the host (so output limits hold); io.read, files, popen go.
local pending = ""
io = {
    write = function(...)
        local parts = { pending }
        for i = 1, select("#", ...) do parts[#parts + 1] = tostring((select(i, ...))) end
        local text = concat(parts)
        for line in text:gmatch("([^\n]*)\n") do write_line(line) end
        pending = text:match("[^\n]*$")
        return io
    end,
}

dofile, loadfile = nil, nil
string.dump = nil
debug = { traceback = debug.traceback }
package.loadlib, package.cpath, package.path = nil, "", ""
package.searchers = { package.searchers[1] }  -- only preloaded modules (asyncio)

-- Text chunks only: a binary chunk can crash the VM.
_G.load = function(chunk, name, _, env)
    if env ~= nil then return load(chunk, name, "t", env) end
    return load(chunk, name, "t")
end

-- Strings share one metatable; a script may read it but not change it for everyone.
getmetatable("").__metatable = "string"
