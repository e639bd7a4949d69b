-- Every read of StreamReader, on what a server sends and then EOF.
local function serve(payload)
    return asyncio.start_server(function(_, writer)
        writer:write(payload)
        writer:drain()
        writer:close()
    end, "127.0.0.1", 0)
end

local function client(payload)
    local server = serve(payload)
    local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
    return reader, function() writer:close() server:close() server:wait_closed() end
end

local reader, done = client("abcdefghij\nline two\nrest")
print(string.format("%q", reader:readexactly(3)))
print(string.format("%q", reader:read(2)))
print(string.format("%q", reader:readuntil("\n")))
print(string.format("%q", reader:readuntil("two")))
print(string.format("%q", reader:readline()))
print("at eof?", reader:at_eof())
print("readline at eof gives the rest", string.format("%q", reader:readline()))
print("then", string.format("%q", reader:readline()), reader:at_eof())
done()

reader, done = client("12345")
local ok, err = pcall(reader.readexactly, reader, 8)
print(asyncio.IncompleteReadError:is(err), string.format("%q", err.partial), err.expected)
print(tostring(err))
done()

reader, done = client("no separator here")
ok, err = pcall(reader.readuntil, reader, "|")
print(asyncio.IncompleteReadError:is(err), string.format("%q", err.partial), err.expected)
done()

reader, done = client(string.rep("x", 70000))
ok, err = pcall(reader.readuntil, reader, "|")
print(asyncio.LimitOverrunError:is(err), err.consumed > 65536)
print("nothing taken", #reader:readexactly(70000))
done()

reader, done = client("")
print("empty stream", string.format("%q", reader:read()), reader:at_eof())
ok, err = pcall(reader.readexactly, reader, 1)
print(asyncio.IncompleteReadError:is(err), string.format("%q", err.partial), err.expected)
done()

print(pcall(reader.readuntil, reader, ""))
print(pcall(reader.read, reader, "ten"))
print(pcall(asyncio.open_connection, "127.0.0.1", "http"))
print(pcall(asyncio.start_server, "handler", "127.0.0.1", 0))
print(pcall(asyncio.open_connection, "127.0.0.1", 65536))
print(pcall(asyncio.start_server, print, "127.0.0.1", -1))

-- read() to the end of a stream longer than the 128 KiB a socket holds unread.
reader, done = client(string.rep("0123456789", 100000))
local all = reader:read()
print("read() to the end", #all, all:sub(-10), reader:at_eof())
done()
