-- A handler drains toward a client that has closed: the kernel answers its bytes with a
-- reset, so drain raises ConnectionResetError. While the write is in flight nothing may
-- call the wait a deadlock (the client's end reads no more, yet news is coming).
local asyncio = require("asyncio")

asyncio.run(function()
    local result = asyncio.Queue()
    local server = asyncio.start_server(function(reader, writer)
        reader:read()  -- the client's end
        writer:write(string.rep("x", 8 * 1024 * 1024))  -- more than the kernel's buffers take
        local ok, err = pcall(writer.drain, writer)
        result:put(ok and "drained" or tostring(err))
        writer:close()
    end, "127.0.0.1", 0)

    local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
    writer:close()
    writer:wait_closed()
    local outcome = result:get()
    print("drain:", outcome:match("^ConnectionResetError") ~= nil, asyncio.time())
    server:close()
    server:wait_closed()
end)
