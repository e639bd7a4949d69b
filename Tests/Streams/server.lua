-- serve_forever serves until close; each connection runs its handler in a task of its own,
-- so connections are served at once.
-- Each handler waits (5 s at most) until all ten are inside at once.
local inside, most, all_inside = 0, 0, asyncio.Event()
local server = asyncio.start_server(function(reader, writer)
    inside = inside + 1
    most = math.max(most, inside)
    if most == 10 then all_inside:set() end
    local name = reader:readline()
    pcall(asyncio.wait_for, function() all_inside:wait() end, 5)
    writer:write("hello " .. name)
    writer:drain()
    writer:close()
    inside = inside - 1
end, "127.0.0.1", 0)
local serving = asyncio.create_task(server.serve_forever, server)

local function client(i)
    local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
    writer:write("client" .. i .. "\n")
    local answer = reader:read()
    writer:close()
    return answer
end
local jobs = {}
for i = 1, 10 do jobs[i] = asyncio.create_task(client, i) end
local replies = asyncio.gather(table.unpack(jobs))
print(#replies, replies[1], replies[10])
print("handlers at once", most == 10)
print("serving", server:is_serving(), serving:done())
server:close()
server:wait_closed()
serving:await()
print("serve_forever returned after close", serving:done(), server:is_serving())
