-- On the virtual clock a handler that sleeps before it answers costs virtual time only: the
-- clock jumps while nothing is in flight between the run's own sockets, and a read that
-- nobody will answer times out on virtual time too.
local asyncio = require("asyncio")

asyncio.run(function()
    local server = asyncio.start_server(function(reader, writer)
        local line = reader:readline()
        if line == "quiet\n" then  -- answers nothing
            reader:read()
            writer:close()
            return print("quiet handler: the client left at", asyncio.time())
        end
        asyncio.sleep(5)
        writer:write("late " .. line)
        writer:close()
    end, "127.0.0.1", 0)

    local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
    writer:write("hello\n")
    print(reader:readline(), asyncio.time())
    asyncio.sleep(2)
    print("eof:", reader:read() == "", reader:at_eof(), asyncio.time())
    writer:close()

    local quiet_reader, quiet_writer = asyncio.open_connection("127.0.0.1", server.port)
    quiet_writer:write("quiet\n")
    local ok, err = pcall(asyncio.timeout, 1.5, function() return quiet_reader:readline() end)
    print("quiet:", ok, tostring(err), asyncio.time())
    quiet_writer:close()
    asyncio.sleep(0.5)  -- time moves once the end has reached the handler, not before

    server:close()
    server:wait_closed()
    print("done at", asyncio.time())
end)
