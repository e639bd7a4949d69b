-- The sandbox of SPEC §6, applied to the globals before a sandboxed script runs: no
-- processes, no files, no native code, no binary chunks, and of `debug` only tracebacks.
-- The prelude keeps its own references to what it needs, taken before this runs.
local write_text, read_file, limit_failed = ...
local load, error, type, select, tostring, concat = load, error, type, select, tostring, table.concat
local find, sub = string.find, string.sub

for _, name in ipairs({ "execute", "exit", "remove", "rename", "tmpname", "getenv", "setlocale" }) do
    os[name] = nil
end

-- io.write stays, writing through the host (so output limits hold); io.read, files, popen go.
-- The host writes a line when its newline comes, and keeps what is unfinished (print
-- continues a line io.write began, as on a terminal) until the run ends, however it ends.
local emit = write_text

io = {
    write = function(...)
        for i = 1, select("#", ...) do emit(tostring((select(i, ...)))) end
        return io
    end,
}

function print(...)
    local n = select("#", ...)
    local parts = { ... }
    for i = 1, n do parts[i] = tostring(parts[i]) end
    emit(concat(parts, "\t", 1, n) .. "\n")
end

-- A message handler runs with hooks off when the limits' hook raised the error: were it
-- to loop, nothing could stop it. Once a limit is hit, the handler is skipped.
local raw_xpcall = xpcall
function xpcall(f, handler, ...)
    if type(handler) ~= "function" then return raw_xpcall(f, handler, ...) end  -- its own error
    return raw_xpcall(f, function(...)
        if limit_failed() then return ... end
        return handler(...)
    end, ...)
end

-- Reading files from one folder (the exercise's, or the script's): the whole file is read
-- at open, and the handle reads from that text.
if read_file then
    local sub, find, tonumber, setmetatable = string.sub, string.find, tonumber, setmetatable
    local File = {}
    File.__index = File
    File.__name = "FILE*"

    local function read_one(file, format)
        local text, at = file.text, file.at
        if type(format) == "number" then
            if at > #text then return nil end
            file.at = at + format
            return sub(text, at, at + format - 1)
        end
        format = type(format) == "string" and format:gsub("^%*", "") or "l"
        if format:sub(1, 1) == "a" then
            file.at = #text + 1
            return sub(text, at)
        elseif format:sub(1, 1) == "n" then
            local s, e = find(text, "^%s*[-+]?[%d.]+[eE]?[-+]?%d*", at)
            if not s then return nil end
            file.at = e + 1
            return tonumber(sub(text, s, e))
        elseif format:sub(1, 1) == "l" or format:sub(1, 1) == "L" then
            if at > #text then return nil end
            local newline = find(text, "\n", at, true)
            local stop = newline or #text
            file.at = stop + 1
            return sub(text, at, (format:sub(1, 1) == "L" or not newline) and stop or stop - 1)
        end
        error("bad argument #1 to 'read' (invalid format)", 3)
    end

    function File:read(...)
        if self.closed then error("attempt to use a closed file", 2) end
        local formats, results = { ... }, {}
        if #formats == 0 then formats = { "l" } end
        for i, format in ipairs(formats) do
            results[i] = read_one(self, format)
            if results[i] == nil then return table.unpack(results, 1, i) end
        end
        return table.unpack(results, 1, #formats)
    end

    function File:lines(...)
        local formats = { ... }
        return function() return self:read(table.unpack(formats)) end
    end

    function File:close()
        self.closed = true
        return true
    end

    function File:seek(whence, offset)
        local base = ({ set = 0, cur = self.at - 1, ["end"] = #self.text })[whence or "cur"]
        if not base then error("bad argument #1 to 'seek' (invalid option)", 2) end
        self.at = base + (offset or 0) + 1
        return self.at - 1
    end

    function io.open(path, mode)
        if mode ~= nil and mode ~= "r" and mode ~= "rb" then
            return nil, tostring(path) .. ": files are read-only here"
        end
        local text, message = read_file(path)
        if not text then return nil, message end
        return setmetatable({ text = text, at = 1 }, File)
    end

    function io.lines(path, ...)
        local file, message = io.open(path)
        if not file then error(message, 2) end
        return file:lines(...)
    end
end

dofile, loadfile = nil, nil

-- Lua runs finalizers with hooks off, so a __gc that loops would escape every limit. An
-- object is marked for finalization only if its metatable has a __gc field (of any value)
-- when setmetatable is called: refusing that refuses every finalizer.
local raw_setmetatable, rawget = setmetatable, rawget
function setmetatable(t, mt)
    if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
        error("setmetatable: __gc finalizers are not allowed in the sandbox (Lua runs them with the limits off)", 2)
    end
    return raw_setmetatable(t, mt)
end
-- warn writes to stderr past the output limit, where it could also forge "tide:" lines.
warn = nil
string.dump = nil
debug = { traceback = debug.traceback }
package.loadlib, package.cpath, package.path = nil, "", ""
package.searchers = { package.searchers[1] }  -- only preloaded modules (asyncio)
-- require("io") and package.loaded.debug must find the sandbox's tables, not the originals.
package.loaded.io, package.loaded.debug = io, debug
package.searchpath = nil  -- it would tell which files exist anywhere

-- Text chunks only: a binary chunk can crash the VM.
_G.load = function(chunk, name, _, env)
    if env ~= nil then return load(chunk, name, "t", env) end
    return load(chunk, name, "t")
end

-- Strings share one metatable; a script may read it but not change it for everyone.
getmetatable("").__metatable = "string"
