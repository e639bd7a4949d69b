-- A handler that fails closes its connection, as asyncio's does: the client reads the end
-- instead of waiting for ever, and the error is reported as any task's.
local server = asyncio.start_server(function(reader, writer)
    local n = tonumber(reader:readline())
    writer:write(tostring(10 // n) .. "\n")
end, "127.0.0.1", 0)
local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
writer:write("zero\n")
print("the client reads the end:", string.format("%q", reader:readline()), reader:at_eof())
writer:close()
server:close()
server:wait_closed()
