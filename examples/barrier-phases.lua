-- A phased simulation kept in step by asyncio.Barrier
--
-- What it shows: three sensors agree on a common reading in rounds. In each round every
-- sensor measures (at its own pace), publishes its value, and waits at the barrier; once
-- all three have published, each one moves halfway towards the average of the round. No
-- sensor may start the next round early, or it would overwrite a value another sensor
-- has not read yet. The same Barrier serves every round: it refills itself.
--
-- What to observe:
--   * within a round the fast sensors wait for the slowest: each round ends at the time
--     of the slowest sensor (south, 0.3s), so the rounds end at 0.30, 0.60 and 0.90;
--   * `wait()` returns the arrival order (0 = first): the last to arrive (index 2, always
--     south) prints the round summary, exactly once per round;
--   * the spread between the readings halves every round: 60.0, 30.0, 15.0, 7.5.
local asyncio = require("asyncio")

local ROUNDS = 3
local sensors = {
    { name = "north", reading = 10.0, pace = 0.1 },
    { name = "east",  reading = 70.0, pace = 0.2 },
    { name = "south", reading = 40.0, pace = 0.3 },
}
local published = {}                                    -- this round's readings, by slot
local roundDone = asyncio.Barrier(#sensors)

local function log(fmt, ...) print(string.format("[%.2f] " .. fmt, asyncio.time(), ...)) end

local function average(values)
    local sum = 0
    for _, value in ipairs(values) do sum = sum + value end
    return sum / #values
end

local function spread(values)
    local low, high = math.huge, -math.huge
    for _, value in ipairs(values) do low, high = math.min(low, value), math.max(high, value) end
    return high - low
end

local function readings()
    local values = {}
    for i, sensor in ipairs(sensors) do values[i] = sensor.reading end
    return values
end

local function runSensor(sensor, slot)
    for round = 1, ROUNDS do
        asyncio.sleep(sensor.pace)                       -- measure
        published[slot] = sensor.reading
        local waiting = roundDone:n_waiting()
        log("%s publishes %.2f (%d already waiting)", sensor.name, sensor.reading, waiting)
        local arrival = roundDone:wait()
        local target = average(published)
        if arrival == roundDone.parties - 1 then
            log("round %d complete (%s arrived last): spread %.1f, average %.1f",
                round, sensor.name, spread(published), target)
        end
        sensor.reading = (sensor.reading + target) / 2
    end
end

log("start: spread %.1f", spread(readings()))
local runs = {}
for slot, sensor in ipairs(sensors) do
    runs[slot] = function() return runSensor(sensor, slot) end
end
asyncio.gather(runs)
log("done after %d rounds: spread %.1f", ROUNDS, spread(readings()))
