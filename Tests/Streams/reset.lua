-- A peer that resets its connection (python3 closes with SO_LINGER 0): the server's read
-- raises ConnectionResetError, and so does a drain of what it writes afterwards.
local result = asyncio.Queue()
local server = asyncio.start_server(function(reader, writer)
    local ok, err = pcall(reader.read, reader)
    result:put({ ok, asyncio.ConnectionResetError:is(err), tostring(err) })
    writer:write(string.rep("x", 100000))
    ok, err = pcall(writer.drain, writer)
    result:put({ ok, asyncio.ConnectionResetError:is(err), writer:is_closing() })
end, "127.0.0.1", 0)

local client = [[
import socket, struct, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
print("python reset it")
]]
print(peer.run("python3 -c '" .. client .. "' " .. server.port))
print(table.unpack(result:get()))
print(table.unpack(result:get()))
server:close()
server:wait_closed()
