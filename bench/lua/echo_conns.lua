-- echo_conns: N concurrent loopback connections to an echo server, each sending one line
-- and reading it back.
local N = tonumber(arg[1]) or 1000

local server = asyncio.start_server(function(reader, writer)
    writer:write(reader:readline())
    writer:drain()
    writer:close()
end, "127.0.0.1", 0)

local function client(i)
    local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
    writer:write("client " .. i .. "\n")
    writer:drain()
    local line = reader:readline()
    writer:close()
    return line
end
local tasks = {}
for i = 1, N do tasks[i] = asyncio.create_task(client, i) end
local answered = 0
for i = 1, N do
    if tasks[i]:await() == "client " .. i .. "\n" then answered = answered + 1 end
end
server:close()
server:wait_closed()
assert(answered == N)
