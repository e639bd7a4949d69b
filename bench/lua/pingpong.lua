-- pingpong: N round trips between two tasks over two Events; each side waits for its
-- event, clears it and sets the other's (wake-up latency of a single waiter).
local N = tonumber(arg[1]) or 500000

local ping_ev, pong_ev = asyncio.Event(), asyncio.Event()
local pings, pongs = 0, 0

local function side(mine, other, count)
    for _ = 1, N do
        mine:wait()
        mine:clear()
        count()
        other:set()
    end
end

local a = asyncio.create_task(side, ping_ev, pong_ev, function() pings = pings + 1 end)
local b = asyncio.create_task(side, pong_ev, ping_ev, function() pongs = pongs + 1 end)
ping_ev:set()
asyncio.gather(a, b)

if pings ~= N or pongs ~= N then
    error(string.format("pingpong: %d pings and %d pongs, want %d each", pings, pongs, N))
end
