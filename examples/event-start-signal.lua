-- asyncio.Event as a start signal: workers wait until the configuration is loaded
--
-- What it shows: three workers start at once but must not touch the configuration before
-- it is loaded. Each one awaits `configLoaded:wait()`; the loader fills in the config and
-- calls `configLoaded:set()` once, which wakes every waiter. No polling, no shared flag.
--
-- What to observe:
--   * all three workers start waiting at 0.00 and all three resume at 0.50, the moment the
--     loader calls set(): one set() wakes every waiter, in the order they began to wait;
--   * the late worker arrives at 0.80, after the event was set, and goes straight through:
--     an Event stays set until someone calls clear();
--   * every worker sees the loaded config (region eu-west, 4 retries).
local asyncio = require("asyncio")

local config = {}
local configLoaded = asyncio.Event()

local function log(fmt, ...)
    print(string.format("[%.2f] " .. fmt, asyncio.time(), ...))
end

local function loadConfig()
    log("loader: reading the configuration...")
    asyncio.sleep(0.5)                          -- a slow read
    config.region, config.retries = "eu-west", 4
    log("loader: configuration ready, signalling")
    configLoaded:set()                          -- wakes every waiting worker at once
end

local function worker(name, arrivesAt)
    asyncio.sleep(arrivesAt)
    log("%s: waiting for the configuration (event set: %s)", name, configLoaded:is_set())
    configLoaded:wait()
    log("%s: starts with region %s, %d retries", name, config.region, config.retries)
end

asyncio.gather(
    loadConfig,
    function() return worker("worker-1", 0) end,
    function() return worker("worker-2", 0) end,
    function() return worker("worker-3", 0) end,
    function() return worker("late-worker", 0.8) end
)
log("all workers started")
