-- A Tide client talking to CPython's asyncio server (python3). The server binds port 0 and
-- tells its port over a connection to a Tide control server, so no port is guessed.
local port = asyncio.Queue()
local control = asyncio.start_server(function(reader, writer)
    port:put(math.tointeger(tonumber(reader:readline())))
    writer:close()
end, "127.0.0.1", 0)

local python = [[
import asyncio, sys
async def main(control):
    done = asyncio.Event()
    async def handle(reader, writer):
        while line := await reader.readline():
            writer.write(b"python says " + line)
            await writer.drain()
        writer.close()
        done.set()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    _, w = await asyncio.open_connection("127.0.0.1", control)
    w.write(str(server.sockets[0].getsockname()[1]).encode() + b"\n")
    await w.drain()
    w.close()
    await done.wait()
    server.close()
    print("python served one client")
asyncio.run(main(int(sys.argv[1])))
]]
local served = asyncio.create_task(peer.run, "python3 -c '" .. python .. "' " .. control.port)
local reader, writer = asyncio.open_connection("127.0.0.1", port:get())
for _, word in ipairs({ "one", "two" }) do
    writer:write(word .. "\n")
    writer:drain()
    print((reader:readline():gsub("\n$", "")))
end
writer:close()
print((served:await():gsub("\n$", "")))
control:close()
control:wait_closed()
