-- An echo server and its client, on real sockets (asyncio's streams).
--
--   tide run examples/network/echo.lua                       server and client in one run
--   tide run examples/network/echo.lua serve 8888            a server, until Ctrl-C
--   tide run examples/network/echo.lua client 8888 hi there  a client of that server
--
-- What to observe: each line comes back as it went; the server runs each connection's
-- handler in a task of its own, and says when a client leaves (its reader reaches EOF).
local asyncio = require("asyncio")
local someone_left = asyncio.Event()

local function handle(reader, writer)
    local peer = writer:get_extra_info("peername")
    local who = peer[1] .. ":" .. peer[2]
    print("server: " .. who .. " connected")
    while true do
        local line = reader:readline()
        if line == "" then break end  -- EOF: the client closed its end
        writer:write(line)
        writer:drain()
    end
    print("server: " .. who .. " left")
    someone_left:set()
    writer:close()
    writer:wait_closed()
end

local function client(port, words)
    local reader, writer = asyncio.open_connection("127.0.0.1", port)
    for _, word in ipairs(words) do
        writer:write(word .. "\n")
        writer:drain()
        print("client: sent " .. word .. ", got back " .. reader:readline():gsub("\n$", ""))
    end
    writer:close()
    writer:wait_closed()
end

local mode, port = arg[1], tonumber(arg[2] or "8888")
if mode == "serve" then
    local server = asyncio.start_server(handle, "127.0.0.1", port)
    print("serving on port " .. server.port)
    server:serve_forever()
elseif mode == "client" then
    client(port, { table.unpack(arg, 3) })
else
    local server = asyncio.start_server(handle, "127.0.0.1", 0)  -- port 0: any free port
    client(server.port, { "hello", "echo" })
    someone_left:wait()  -- the server sees the client leave
    server:close()
    server:wait_closed()
end
