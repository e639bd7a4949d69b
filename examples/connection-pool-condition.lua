-- A connection pool guarded by an asyncio.Condition
--
-- What it shows: five clients share a pool of two connections. A client takes the
-- condition's lock, and if no connection is free it waits with
-- `available:wait_for(predicate)`, which releases the lock while it sleeps and re-checks
-- the predicate each time it is woken. A client that gives a connection back calls
-- `available:notify()` to wake one waiter.
--
-- What to observe:
--   * "in use" never goes above 2/2: clients 3, 4 and 5 wait at 0.00;
--   * each waiting client gets a connection at the very moment another one is returned
--     (0.20, 0.30, 0.40), and in the order they began to wait: 3, then 4, then 5;
--   * a returned connection is the one the next client gets (conn-B goes from client 2 to
--     client 3), and both connections are free again at the end, at 0.60.
local asyncio = require("asyncio")

local POOL_SIZE = 2
local freeConnections = { "conn-A", "conn-B" }
local inUse = 0
local available = asyncio.Condition()

local function log(fmt, ...)
    print(string.format("[%.2f] " .. fmt, asyncio.time(), ...))
end

local function borrow(clientId)
    return available:with(function()           -- async with available:
        if #freeConnections == 0 then log("client %d waits for a connection", clientId) end
        available:wait_for(function() return #freeConnections > 0 end)
        local connection = table.remove(freeConnections, 1)
        inUse = inUse + 1
        log("client %d got %s (in use: %d/%d)", clientId, connection, inUse, POOL_SIZE)
        return connection
    end)
end

local function giveBack(clientId, connection)
    available:with(function()
        table.insert(freeConnections, connection)
        inUse = inUse - 1
        log("client %d returned %s", clientId, connection)
        available:notify()                       -- wake one waiting client
    end)
end

local function client(clientId, queryTime)
    local connection = borrow(clientId)
    asyncio.sleep(queryTime)                     -- run the query
    giveBack(clientId, connection)
end

local queryTimes = { 0.3, 0.2, 0.25, 0.1, 0.2 }
local clients = {}
for clientId, queryTime in ipairs(queryTimes) do
    clients[clientId] = asyncio.create_task(client, clientId, queryTime)
end
asyncio.gather(clients)
log("all clients done; free connections: %s", table.concat(freeConnections, ", "))
