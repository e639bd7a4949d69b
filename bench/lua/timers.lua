-- timers: N tasks each sleeping a random time in [0, 1) (timer heap insertion and expiry);
-- run on the real clock and on the virtual clock, where time jumps between timers.
local N = tonumber(arg[1]) or 100000
local SLACK = 0.001 -- tolerance for clock rounding when checking nobody woke early

local start = asyncio.time()
local early = 0

local function sleeper()
    local d = math.random()
    asyncio.sleep(d)
    if asyncio.time() - start < d - SLACK then early = early + 1 end
    return d
end

local tasks = {}
for i = 1, N do tasks[i] = asyncio.create_task(sleeper) end
local delays = asyncio.gather(tasks)

local longest = 0
for i = 1, #delays do if delays[i] > longest then longest = delays[i] end end
local elapsed = asyncio.time() - start
if #delays ~= N or early ~= 0 or elapsed < longest - SLACK then
    error(string.format("timers: %d of %d finished, %d woke early, elapsed %.4fs < longest %.4fs?",
        #delays, N, early, elapsed, longest))
end
