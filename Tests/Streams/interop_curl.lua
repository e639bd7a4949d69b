-- An HTTP/1.1 response from a start_server handler, read by curl.
local server = asyncio.start_server(function(reader, writer)
    local request = reader:readline()
    local headers = {}
    while true do
        local line = reader:readline()
        if line == "\r\n" or line == "" then break end
        headers[#headers + 1] = line
    end
    local body = "you asked for " .. request:match("^GET (%S+)") .. "\n"
    writer:write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " .. #body
        .. "\r\nConnection: close\r\n\r\n" .. body)
    writer:drain()
    writer:close()
    print("server read", request:gsub("\r\n", ""), #headers > 0)
end, "127.0.0.1", 0)

local out = peer.run("curl -s -i http://127.0.0.1:" .. server.port .. "/hello")
print((out:gsub("\r\n", "\n")))
server:close()
server:wait_closed()
