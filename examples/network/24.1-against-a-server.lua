-- Example 24.1 against a real server: the lecture's rate limiter, with real connections.
--
--   tide run examples/network/24.1-against-a-server.lua              with the Semaphore
--   tide run examples/network/24.1-against-a-server.lua nolimit      without it
--   tide run examples/network/24.1-against-a-server.lua serve 8080   only the server
--
-- The server (below, written in Tide) answers `429 Too Many Requests` when more than three
-- requests are in flight, and `200 OK` after 0.3 s otherwise. What to observe: with the
-- Semaphore, nine sessions get nine 200s in three waves (0.3, 0.6, 0.9 s); without it, all
-- nine connect at once, three get 200 and six are turned away with 429 at once.
local asyncio = require("asyncio")

---------------------------------------------------------------------------------------------
-- The server
---------------------------------------------------------------------------------------------

local LIMIT, in_flight = 3, 0
local connections, most = 0, 0  -- open at once: how they pile up without the Semaphore

local function respond(writer, status, body)
    writer:write(string.format("HTTP/1.1 %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
        status, #body, body))
    writer:drain()
    writer:close()
end

local function serve(reader, writer)
    local request = reader:readline()
    repeat local header = reader:readline() until header == "\r\n" or header == ""
    if request == "" then return writer:close() end
    in_flight = in_flight + 1
    if in_flight > LIMIT then
        in_flight = in_flight - 1
        return respond(writer, "429 Too Many Requests", "slow down\n")
    end
    asyncio.sleep(0.3)
    in_flight = in_flight - 1
    respond(writer, "200 OK", "result\n")
end

local function handle(reader, writer)
    connections = connections + 1
    most = math.max(most, connections)
    local ok, err = pcall(serve, reader, writer)
    connections = connections - 1
    if not ok then error(err, 0) end
end

---------------------------------------------------------------------------------------------
-- The lecture's client: nine sessions, at most three at once when the Semaphore is on
---------------------------------------------------------------------------------------------

local function fetch(port, sessionId)
    local reader, writer = asyncio.open_connection("127.0.0.1", port)
    writer:write("GET /session/" .. sessionId .. " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    writer:drain()
    local status = reader:readline():match("^HTTP/1%.1 (%d+)")
    reader:read()  -- the rest, until the server closes
    writer:close()
    return status
end

local function main(port, limited)
    local semaphore = asyncio.Semaphore(3)
    local start = asyncio.time()
    local function session(i)
        local status = limited and semaphore:with(fetch, port, i) or fetch(port, i)
        print(string.format("[%.2f] Session %d: %s", asyncio.time() - start, i, status))
        return status
    end
    local tasks = {}
    for i = 0, 8 do tasks[#tasks + 1] = function() return session(i) end end
    local counts = {}
    for _, status in ipairs(asyncio.gather(table.unpack(tasks))) do counts[status] = (counts[status] or 0) + 1 end
    print(string.format("%s: %d answered 200, %d answered 429; at most %d connections open at the server at once",
        limited and "With the Semaphore" or "Without it", counts["200"] or 0, counts["429"] or 0, most))
end

if arg[1] == "serve" then
    local server = asyncio.start_server(handle, "127.0.0.1", tonumber(arg[2] or "8080"))
    print("serving on port " .. server.port .. " (429 past " .. LIMIT .. " requests in flight)")
    server:serve_forever()
else
    local server = asyncio.start_server(handle, "127.0.0.1", 0)
    main(server.port, arg[1] ~= "nolimit")
    server:close()
    server:wait_closed()
end
