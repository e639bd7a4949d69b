-- The sandbox of SPEC §6, applied to the globals before a sandboxed script runs: no
-- processes, no files, no native code, no binary chunks, and of `debug` only tracebacks.
-- The prelude keeps its own references to what it needs, taken before this runs.
local bind_writer, read_file, limit_failed = ...
local load, error, type, select, tostring = load, error, type, select, tostring
local find, sub, format, gsub = string.find, string.sub, string.format, string.gsub
local raw_getmetatable, rawget = debug.getmetatable, rawget

-- The wrappers below raise their argument errors at the script's line (level 2) with the
-- words Lua's own functions use, so that no report a script's author reads names this file.
local function typename(value)
    local mt = raw_getmetatable(value)
    local name = mt and rawget(mt, "__name")
    if type(name) == "string" then return name end
    return type(value)
end

-- `count` (the number of arguments given) tells "got nil" from "got no value".
local function bad_argument(position, name, expected, value, level, count)
    local got = count and count < position and "no value" or typename(value)
    error(format("bad argument #%d to '%s' (%s expected, got %s)", position, name, expected, got), level + 1)
end

for _, name in ipairs({ "execute", "exit", "remove", "rename", "tmpname", "getenv", "setlocale" }) do
    os[name] = nil
end

-- io.write stays, writing through the host (so output limits hold); io.read, files, popen go.
-- The host writes a line when its newline comes, and keeps what is unfinished (print, the
-- prelude's, continues a line io.write began, as on a terminal) until the run ends, however
-- it ends. Both are Lua's own, in C, so their errors name the script's line.
-- io.write returns io.stdout, whose write method writes the same way.
local stdout_methods = {}
local stdout = setmetatable({}, { __name = "FILE*", __index = stdout_methods, __metatable = "FILE*" })
stdout_methods.write = bind_writer(stdout, true)
io = { write = bind_writer(stdout, false), stdout = stdout }

-- A message handler runs with hooks off when the limits' hook raised the error: were it
-- to loop, nothing could stop it. Once a limit is hit, the handler is skipped.
local raw_xpcall = xpcall
local function guarded(handler)
    return function(...)
        if limit_failed() then return ... end
        return handler(...)
    end
end

function xpcall(...)
    local f, handler = ...
    if type(handler) ~= "function" then bad_argument(2, "xpcall", "function", handler, 2, select("#", ...)) end
    return raw_xpcall(f, guarded(handler), select(3, ...))
end

-- Reading files from one folder (the exercise's, or the script's): the whole file is read
-- at open, and the handle reads from that text.
if read_file then
    local sub, find, tonumber, setmetatable = string.sub, string.find, tonumber, setmetatable
    local File = {}
    File.__index = File
    File.__name = "FILE*"

    local function check_file(file, name)
        if raw_getmetatable(file) ~= File then bad_argument(1, name, "FILE*", file, 3) end
        if file.closed then error("attempt to use a closed file", 3) end
    end

    local function read_one(file, format)
        local text, at = file.text, file.at
        if type(format) == "number" then
            local count = math.tointeger(format)
            if not count then error("bad argument #1 to 'read' (number has no integer representation)", 3) end
            if count < 0 then count = #text end  -- Lua reads a size_t: the rest
            if at > #text then return nil end
            file.at = at + count
            return sub(text, at, at + count - 1)
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
        check_file(self, "read")
        local formats, results = { ... }, {}
        if #formats == 0 then formats = { "l" } end
        for i, format in ipairs(formats) do
            results[i] = read_one(self, format)
            if results[i] == nil then return table.unpack(results, 1, i) end
        end
        return table.unpack(results, 1, #formats)
    end

    function File:lines(...)
        check_file(self, "lines")
        local formats = { ... }
        return function() return self:read(table.unpack(formats)) end
    end

    function File:close()
        check_file(self, "close")
        self.closed = true
        return true
    end

    function File:seek(whence, offset)
        check_file(self, "seek")
        local base = ({ set = 0, cur = self.at - 1, ["end"] = #self.text })[whence or "cur"]
        if not base then error("bad argument #1 to 'seek' (invalid option '" .. tostring(whence) .. "')", 2) end
        if offset ~= nil and not math.tointeger(offset) then bad_argument(2, "seek", "integer", offset, 2) end
        local at = base + (offset or 0)
        if at < 0 then return nil, "Invalid argument", 22 end
        self.at = at + 1
        return at
    end

    function io.open(path, mode)
        if type(path) ~= "string" then bad_argument(1, "open", "string", path, 2) end
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
local raw_setmetatable = setmetatable
function setmetatable(t, mt)
    if type(t) ~= "table" then bad_argument(1, "setmetatable", "table", t, 2) end
    if mt ~= nil and type(mt) ~= "table" then bad_argument(2, "setmetatable", "nil or table", mt, 2) end
    local current = raw_getmetatable(t)
    if current ~= nil and rawget(current, "__metatable") ~= nil then error("cannot change a protected metatable", 2) end
    if mt ~= nil and rawget(mt, "__gc") ~= nil then
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
-- A reader function's errors come back as load's message, with this file's line on them.
local function loaded(chunk, message)
    if chunk == nil and type(message) == "string" then message = gsub(message, "^sandbox%.lua:%d+: ", "") end
    return chunk, message
end

_G.load = function(chunk, name, _, env)
    if type(chunk) ~= "string" and type(chunk) ~= "function" then bad_argument(1, "load", "function", chunk, 2) end
    if name ~= nil and type(name) ~= "string" and type(name) ~= "number" then bad_argument(2, "load", "string", name, 2) end
    if env ~= nil then return loaded(load(chunk, name, "t", env)) end
    return loaded(load(chunk, name, "t"))
end

-- Strings share one metatable; a script may read it but not change it for everyone.
getmetatable("").__metatable = "string"
