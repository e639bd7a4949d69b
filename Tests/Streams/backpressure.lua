-- A writer that outruns its peer waits in drain, until the peer reads.
local CHUNK, CHUNKS = string.rep("x", 65536), 1024  -- 64 MiB: more than loopback's buffers hold
local reading = asyncio.Event()
local received, finished = 0, asyncio.Event()
local server = asyncio.start_server(function(reader, writer)
    reading:wait()
    while true do
        local data = reader:read(1 << 20)
        if data == "" then break end
        received = received + #data
    end
    writer:close()
    finished:set()
end, "127.0.0.1", 0)

local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
local drained = 0
local sender = asyncio.create_task(function()
    for _ = 1, CHUNKS do
        writer:write(CHUNK)
        writer:drain()
        drained = drained + 1
    end
    writer:close()
end)
asyncio.sleep(0.3)
print("held in drain while the peer does not read", not sender:done(), drained < CHUNKS)
reading:set()
sender:await()
writer:wait_closed()
print("all sent", drained == CHUNKS)
finished:wait()
server:close()
server:wait_closed()
print("received", received == #CHUNK * CHUNKS)
