-- readexactly of more than the 128 KiB at which a socket stops reading from the kernel: a
-- reader that waits resumes reading (as asyncio's _wait_for_data does), so it gets every
-- byte instead of waiting for bytes that no one reads in.
local asyncio = require("asyncio")

asyncio.run(function()
    local size = 3 * 1024 * 1024
    local handled = asyncio.Event()
    local server = asyncio.start_server(function(reader, writer)
        writer:write(string.rep("y", size))
        writer:drain()
        reader:read()  -- keeps the connection open until the client ends it
        writer:close()
        handled:set()
    end, "127.0.0.1", 0)

    local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
    local data = reader:readexactly(size)
    print("readexactly:", #data == size, asyncio.time())
    writer:close()
    handled:wait()
    server:close()
    server:wait_closed()
end)
