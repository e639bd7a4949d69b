-- Once a connection is lost, drain raises ConnectionResetError even with nothing unsent, as
-- asyncio's does; a socket's finalizer token hides its metatable from the script.
local server = asyncio.start_server(function(reader, writer) writer:close() end, "127.0.0.1", 0)
local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
print("read to the end", string.format("%q", reader:read()))
writer:close()
writer:wait_closed()
print(pcall(writer.drain, writer))
print("token", getmetatable(reader._token))
server:close()
server:wait_closed()
