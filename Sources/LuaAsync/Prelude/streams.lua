-- asyncio's streams on the host's sockets (StreamBindings): StreamReader, StreamWriter,
-- Server, open_connection and start_server.
--
-- The bytes stay in the host's endpoint until a read takes them, and every wait is a wait
-- on the endpoint's news Event: so each await is cancellable (wait_for, timeout, wait), and
-- a cancelled read leaves its bytes for the next read.

local asyncio, core, util = ...
local raise, argerror, typename = util.raise, util.argerror, util.typename
local setmetatable, type, pcall, error, format = setmetatable, type, pcall, error, string.format
local tointeger, concat = math.tointeger, table.concat

-- asyncio's default limit for readline and readuntil.
local LIMIT = 64 * 1024

-- Waits for the next news of socket `id`, counted as a network wait while it lasts, and
-- described in reports as `role#id:operation` ("reader#2:readline (peer 127.0.0.1:50312)").
local function wait_news(id, news, role, operation)
    news:clear()
    core.net_hold(id, role, operation)
    local ok, err = pcall(news.wait, news)
    core.net_unhold(id)
    if not ok then error(err, 0) end
end

-- Raises what ended socket `id`, if it failed.
local function raise_failure(id)
    local _, class, message = core.net_status(id)
    if class then raise(asyncio[class](message)) end
end

local function check_integer(v, n, fname)
    if tointeger(v) == nil then argerror(n, fname, "integer expected, got " .. typename(v)) end
end

-- A port is 0-65535 (0: any free one); a larger one would wrap around in the socket layer.
local function check_port(v, n, fname)
    check_integer(v, n, fname)
    if v < 0 or v > 65535 then raise(asyncio.ValueError(format("%s: port must be 0-65535, got %d", fname, v))) end
end

local function check_string(v, n, fname)
    if type(v) ~= "string" then argerror(n, fname, "string expected, got " .. typename(v)) end
end

---------------------------------------------------------------------------------------------
-- StreamReader
---------------------------------------------------------------------------------------------

local StreamReader = {}
local ReaderClass = { __index = StreamReader, __name = "StreamReader" }
function ReaderClass.__tostring(r) return format("StreamReader#%d (peer %s)", r._id, r._peer) end

local function incomplete(partial, expected)
    local err = asyncio.IncompleteReadError(expected
        and format("%d bytes read before the end of the stream, %d expected", #partial, expected)
        or format("%d bytes read before the end of the stream, without the separator", #partial))
    err.partial, err.expected = partial, expected
    return err
end

-- Tries `take` until it gives an answer, waiting for news in between.
local function read_with(r, operation, take, ...)
    while true do
        local data, why, extra = take(r._id, ...)
        if data then return data end
        if data == false then return nil, why, extra end
        raise_failure(r._id)
        wait_news(r._id, r._news, "reader", operation)
    end
end

function StreamReader.read(r, n)
    if n == nil then n = -1 end
    check_integer(n, 1, "read")
    if n < 0 then
        -- To the end, a block at a time as asyncio does: the socket stops reading while 128 KiB
        -- wait unread, so waiting for the end with the bytes left in place would wait for ever.
        local blocks = {}
        while true do
            local block = read_with(r, "read", core.net_read, LIMIT)
            if block == "" then break end
            blocks[#blocks + 1] = block
        end
        raise_failure(r._id)
        return concat(blocks)
    end
    local data = read_with(r, "read", core.net_read, n)
    if data == "" then raise_failure(r._id) end
    return data
end

function StreamReader.readuntil(r, separator)
    if separator == nil then separator = "\n" end
    check_string(separator, 1, "readuntil")
    if separator == "" then raise(asyncio.ValueError("separator should be at least one byte")) end
    local data, why, extra = read_with(r, "readuntil", core.net_readuntil, separator, LIMIT)
    if data then return data end
    if why == "overrun" then
        local err = asyncio.LimitOverrunError("separator not found within the limit of " .. LIMIT .. " bytes")
        err.consumed = extra
        raise(err)
    end
    raise_failure(r._id)
    raise(incomplete(extra, nil))
end

-- A line with its "\n"; at the end of the stream, what is left (perhaps ""), as asyncio.
function StreamReader.readline(r)
    local data, why, extra = read_with(r, "readline", core.net_readuntil, "\n", LIMIT)
    if data then return data end
    if why == "overrun" then raise(asyncio.ValueError("line longer than the limit of " .. LIMIT .. " bytes")) end
    raise_failure(r._id)
    return extra
end

function StreamReader.readexactly(r, n)
    check_integer(n, 1, "readexactly")
    if n < 0 then raise(asyncio.ValueError("readexactly size can not be less than zero")) end
    local data, _, partial = read_with(r, "readexactly", core.net_readexactly, n)
    if data then return data end
    raise_failure(r._id)
    raise(incomplete(partial, n))
end

function StreamReader.at_eof(r) return core.net_at_eof(r._id) end

---------------------------------------------------------------------------------------------
-- StreamWriter
---------------------------------------------------------------------------------------------

local StreamWriter = {}
local WriterClass = { __index = StreamWriter, __name = "StreamWriter" }
function WriterClass.__tostring(w) return format("StreamWriter#%d (peer %s)", w._id, w._peer) end

function StreamWriter.write(w, data)
    check_string(data, 1, "write")
    if core.net_write(w._id, data) == false then raise(asyncio.RuntimeError("Cannot call write() after write_eof()")) end
end

-- Ends this side's output after what was written (the peer reads the end); reading goes on.
function StreamWriter.write_eof(w) core.net_write_eof(w._id) end

function StreamWriter.can_write_eof() return true end

function StreamWriter.writelines(w, lines)
    for i = 1, #lines do StreamWriter.write(w, lines[i]) end
end

-- Returns once the bytes written are few enough (asyncio's high and low marks); a writer
-- that outruns its peer waits here. A connection lost with bytes unsent, or after a write
-- failed, raises ConnectionResetError (or what ended it).
function StreamWriter.drain(w)
    local id = w._id
    local unsent, high, low, lost = core.net_unsent(id)
    local mark = high
    while true do
        if lost or core.net_status(id) == "closed" then
            raise_failure(id)
            raise(asyncio.ConnectionResetError("Connection lost"))  -- as asyncio's, once the connection is lost
        end
        if unsent <= mark then return end
        mark = low
        wait_news(id, w._news, "writer", "drain")
        unsent, _, _, lost = core.net_unsent(id)
    end
end

function StreamWriter.close(w) core.net_close(w._id) end

function StreamWriter.is_closing(w)
    local status = core.net_status(w._id)
    return status == "closing" or status == "closed"
end

function StreamWriter.wait_closed(w)
    while core.net_status(w._id) ~= "closed" do wait_news(w._id, w._news, "writer", "wait_closed") end
end

-- "peername" and "sockname": { host, port } of the other end and of this one (asyncio gives
-- tuples). Anything else (a socket object, TLS details) gives `default`.
function StreamWriter.get_extra_info(w, name, default)
    if name == "peername" or name == "sockname" then
        local _, host, port, local_host, local_port = core.net_address(w._id)
        if name == "peername" then return { host, port } end
        return { local_host, local_port }
    end
    return default
end

-- The host forgets socket `id` (closing it first, if it is open) once Lua has collected
-- every object that holds this token.
-- (The id is the finalizer's upvalue, and the metatable is hidden: a script cannot aim the
-- finalizer at another socket or call it early.)
local function socket_token(id)
    return setmetatable({}, { __gc = function() core.net_forget(id) end, __metatable = "socket token" })
end

local function stream_pair(id, news, token)
    local peer = core.net_address(id)
    token = token or socket_token(id)
    local reader = setmetatable({ _id = id, _news = news, _peer = peer, _token = token }, ReaderClass)
    local writer = setmetatable({ _id = id, _news = news, _peer = peer, _token = token, reader = reader }, WriterClass)
    return reader, writer
end

function asyncio.open_connection(host, port)
    check_string(host, 1, "open_connection")
    check_port(port, 2, "open_connection")
    local refusal = core.net_refusal(format("open_connection to %s:%d", host, port), host)
    if refusal then raise(refusal) end
    local id, news = core.net_connect(host, port)
    local token = socket_token(id)  -- a cancelled connect leaves nothing behind
    while true do
        local status = core.net_status(id)
        if status == "open" then return stream_pair(id, news, token) end
        if status == "closed" then raise_failure(id) raise(asyncio.ConnectionResetError("Connection lost")) end
        local ok, err = pcall(wait_news, id, news, "connection", "open_connection")
        if not ok then
            core.net_close(id)  -- cancelled while connecting: the socket goes too
            error(err, 0)
        end
    end
end

---------------------------------------------------------------------------------------------
-- Server
---------------------------------------------------------------------------------------------

local Server = {}
local ServerClass = { __index = Server, __name = "Server" }
function ServerClass.__tostring(s) return format("Server#%d (listening on %s)", s._id, s._address) end

local Socket = {}
local SocketClass = { __index = Socket, __name = "socket" }
function Socket.getsockname(s) return { s.host, s.port } end

-- Runs a connection's handler; one that fails (or is cancelled) closes its connection, as
-- asyncio's does, so the client sees the end instead of waiting for ever. The error goes on
-- unchanged, with its traceback, and is reported as any task's.
local function run_handler(handler, reader, writer)
    local _ <close> = setmetatable({}, { __close = function(_, err)
        if err ~= nil then core.net_close(writer._id) end
    end })
    return handler(reader, writer)
end

-- Hands each accepted connection to the handler in a task of its own.
local function accept_loop(server)
    while true do
        local id, news = core.net_accept(server._id)
        if id then
            local task = asyncio.create_task(run_handler, server._handler, stream_pair(id, news))
            server._handlers[task] = true
            task:add_done_callback(function(t) server._handlers[t] = nil end)
        else
            local status = core.net_status(server._id)
            if status == "closing" or status == "closed" then return end
            wait_news(server._id, server._news, "Server", "accept")
        end
    end
end

function Server.close(s) core.net_close(s._id) end

function Server.is_serving(s) return core.net_status(s._id) == "open" end

-- Returns once the listener is closed and its accept loop has ended.
function Server.wait_closed(s)
    while core.net_status(s._id) ~= "closed" do wait_news(s._id, s._news, "Server", "wait_closed") end
    if not s._accepting:done() then s._accepting:await() end
end

-- Serves until the server is closed (asyncio raises CancelledError then; this returns).
function Server.serve_forever(s)
    s._accepting:await()
end

function asyncio.start_server(handler, host, port)
    if type(handler) ~= "function" then argerror(1, "start_server", "function expected, got " .. typename(handler)) end
    check_string(host, 2, "start_server")
    check_port(port, 3, "start_server")
    local refusal = core.net_refusal(format("start_server on %s:%d", host, port), host)
    if refusal then raise(refusal) end
    local id, news = core.net_listen(host, port)
    local token = socket_token(id)  -- a failed bind leaves nothing behind
    while core.net_status(id) == "connecting" do wait_news(id, news, "Server", "start_server") end
    raise_failure(id)
    local address, bound_host, bound_port = core.net_address(id)
    local server = setmetatable({ _id = id, _news = news, _token = token, _handler = handler,
        _handlers = {}, _address = address,
        port = bound_port, sockets = { setmetatable({ host = bound_host, port = bound_port }, SocketClass) } },
        ServerClass)
    server._accepting = asyncio.create_task(accept_loop, server)
    server._accepting:set_name(format("Server#%d:accept", id))
    return server
end

asyncio.StreamReader, asyncio.StreamWriter = ReaderClass, WriterClass
