-- A server and a client on loopback (port 0): the Server's fields and every writer method.
local seen = {}
local peer_port_at_server
local function handle(reader, writer)
    local line = reader:readline()
    local peer = writer:get_extra_info("peername")
    peer_port_at_server = peer[2]
    print("server: got " .. string.format("%q", line) .. " from " .. peer[1], math.type(peer[2]))
    writer:write("echo: " .. line)
    writer:drain()
    print("server: closing", writer:is_closing())
    writer:close()
    print("server: closing now", writer:is_closing())
    writer:wait_closed()
    seen[#seen + 1] = tostring(reader):match("^StreamReader#%d+") ~= nil
end

local server = asyncio.start_server(handle, "127.0.0.1", 0)
print("port", math.type(server.port), server.port > 0)
print("sockets", #server.sockets, server.sockets[1]:getsockname()[2] == server.port)
print("serving", server:is_serving())
print(tostring(server):match("^Server#%d+ %(listening on 127.0.0.1:%d+%)$") ~= nil)

local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
print("client peer port is the server's", writer:get_extra_info("peername")[2] == server.port)
print("unknown extra info", writer:get_extra_info("cipher", "none"))
writer:writelines({ "hel", "lo\n" })
writer:drain()
print("client: got " .. string.format("%q", reader:readline()))
local sockname = writer:get_extra_info("sockname")
print("client sockname is the server's peername", sockname[1], sockname[2] == peer_port_at_server)
print("client: rest " .. string.format("%q", reader:read()))
print("client: at eof", reader:at_eof())
print("client: read after eof " .. string.format("%q", reader:read(10)))
writer:close()
writer:wait_closed()
server:close()
print("serving after close", server:is_serving())
server:wait_closed()
print("handler finished", seen[1])
