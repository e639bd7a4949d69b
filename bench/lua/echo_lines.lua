-- echo_lines: N lines through one loopback connection to an echo server and back; the
-- client writes (draining as it goes) while another task reads the echoes.
local N = tonumber(arg[1]) or 100000

local server = asyncio.start_server(function(reader, writer)
    while true do
        local line = reader:readline()
        if line == "" then break end
        writer:write(line)
        writer:drain()
    end
    writer:close()
end, "127.0.0.1", 0)

local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
local sender = asyncio.create_task(function()
    for i = 1, N do
        writer:write("line " .. i .. "\n")
        writer:drain()
    end
end)
local got = 0
for _ = 1, N do
    reader:readline()
    got = got + 1
end
sender:await()
writer:close()
server:close()
server:wait_closed()
assert(got == N)
