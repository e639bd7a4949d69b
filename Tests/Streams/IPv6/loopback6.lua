-- A server and a client on IPv6's loopback (::1): addresses are written [host]:port, and the
-- run's own sockets are linked as on IPv4, so the sleep below costs virtual time only.
local server = asyncio.start_server(function(reader, writer)
    local line = reader:readline()
    asyncio.sleep(3)
    writer:write("hi " .. line)
    writer:close()
end, "::1", 0)
print((tostring(server):gsub(":%d+%)$", ":PORT)")))

local reader, writer = asyncio.open_connection("::1", server.port)
writer:write("six\n")
print(reader:readline(), asyncio.time())
print("peername", writer:get_extra_info("peername")[1], writer:get_extra_info("peername")[2] == server.port)
print("sockname", writer:get_extra_info("sockname")[1])
print((tostring(reader):gsub(":%d+%)$", ":PORT)")))
writer:close()
server:close()
server:wait_closed()
