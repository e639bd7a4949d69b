-- A Tide server answered by a peer no one here wrote: CPython's asyncio client (python3).
-- peer.run (StreamTests) runs a command while the loop goes on serving.
local server = asyncio.start_server(function(reader, writer)
    while true do
        local line = reader:readline()
        if line == "" then break end
        writer:write(line:upper())
        writer:drain()
    end
    writer:close()
end, "127.0.0.1", 0)

local client = [[
import asyncio, sys
async def main(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for word in ["hello", "from", "python"]:
        writer.write(word.encode() + b"\n")
        await writer.drain()
        print("python got", (await reader.readline()).decode().strip())
    writer.close()
    await writer.wait_closed()
asyncio.run(main(int(sys.argv[1])))
]]
print((peer.run("python3 -c '" .. client .. "' " .. server.port):gsub("\n$", "")))
server:close()
server:wait_closed()
