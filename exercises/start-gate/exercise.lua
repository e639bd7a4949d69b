-- Start gate: workers wait on an Event until the configuration is loaded (the lecture's
-- fifth tool, and slide 11's "Event vs polling"). See docs/grading.md for the format.
local WORKERS = { "worker-1", "worker-2", "worker-3", "worker-4", "worker-5" }
local LATE, LATE_AT = "late-worker", 1.0
local EVERYONE = { "worker-1", "worker-2", "worker-3", "worker-4", "worker-5", "late-worker" }
local EPSILON = 1e-9

-- When the configuration is loaded with this seed: the loader's one draw, replayed.
local function loaded_at(seed)
    math.randomseed(seed)
    return 0.3 + 0.4 * math.random()
end

local function at(t, u) return math.abs(t - u) < EPSILON end

-- Each worker's start line, by name: { time =, task = }, or the first thing wrong with the
-- lines (a worker that started twice, or whose line the main task printed: a timetable of
-- prints is no worker).
local function starts(run)
    local found, tasks = {}, {}
    for _, line in ipairs(run.output) do
        local name, region = line.text:match("^([%w-]+) started with (.*)$")
        if name then
            if found[name] then return nil, name .. " started twice" end
            if line.task == 1 or line.task == nil then
                return nil, name .. "'s line was printed by the main task, not by a worker task"
            end
            if tasks[line.task] then return nil, name .. " and " .. tasks[line.task] .. " are one task: each worker is a task of its own" end
            tasks[line.task] = name
            found[name] = { time = line.time, task = line.task, region = region }
        end
    end
    return found
end

-- The events the run used and what happened to them: how often set, how many waits.
local function events(run)
    local sets, waits, used = 0, 0, false
    for name, primitive in pairs(run.primitives) do
        if name:match("^Event#") then
            used = true
            sets = sets + (primitive.operations.set or 0)
            waits = waits + primitive.waits
        end
    end
    return used, sets, waits
end

-- The gate did its work: the five workers waited on an Event that was set.
local function gated(run)
    local used, sets, waits = events(run)
    if not used then return false, "no asyncio.Event was used" end
    if sets == 0 then return false, "the event was never set" end
    if waits < #WORKERS then
        return false, string.format("the event was waited on %d time%s; each of the five workers should wait on it",
            waits, waits == 1 and "" or "s")
    end
    return true
end

---@type grading.Exercise
return {
    title = "Start gate: an Event instead of polling",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2, 3 },
    points = 10,
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 100, output = "64K" },
    checks = {
        {
            name = "every worker starts once, with the configuration",
            points = 2,
            feedback = "Each of worker-1..worker-5 and late-worker, a task of its own, prints "
                .. "`<name> started with eu-west` once, reading the region from the loaded configuration.",
            check = function(_, runs)
                return every_run(runs, function(run)
                    local found, problem = starts(run)
                    if not found then return false, problem end
                    for _, name in ipairs(EVERYONE) do
                        local start = found[name]
                        if not start then return false, name .. " never started" end
                        if start.region ~= "eu-west" then
                            return false, name .. " started with " .. start.region .. ": the configuration was not loaded yet"
                        end
                    end
                    return true
                end)
            end,
        },
        {
            name = "the workers wait on an Event",
            points = 3,
            feedback = "Make one asyncio.Event; each worker awaits its wait(), and the loader calls set() once "
                .. "the configuration is in place.",
            check = function(_, runs) return every_run(runs, gated) end,
        },
        {
            name = "they start the moment the configuration is loaded",
            points = 2,
            feedback = "The loader prints `configuration loaded` and sets the event; the five waiting workers "
                .. "start at that very moment, woken by it.",
            check = function(_, runs)
                return every_run(runs, function(run)
                    local expected = loaded_at(run.seed)
                    local loaded = printed(run, "^configuration loaded$")
                    if not loaded then return false, "`configuration loaded` was never printed" end
                    if not at(loaded.time, expected) then
                        return false, string.format("the configuration was loaded at %.2fs; loading takes %.2fs",
                            loaded.time, expected)
                    end
                    local found, problem = starts(run)
                    if not found then return false, problem end
                    for _, name in ipairs(WORKERS) do
                        local start = found[name]
                        if not start then return false, name .. " never started" end
                        if not at(start.time, expected) then
                            return false, string.format("%s started at %.3fs; the configuration was loaded at %.3fs",
                                name, start.time, expected)
                        end
                    end
                    -- On time because the gate opened, not because each slept until then.
                    local ok, why = gated(run)
                    if not ok then return false, why .. ": nothing told the workers it was loaded" end
                    return true
                end)
            end,
        },
        {
            name = "no polling",
            points = 1,
            feedback = "Slide 11: a worker that checks a flag in a loop of short sleeps wakes again and again "
                .. "for nothing. Wait on the Event instead.",
            check = function(_, runs)
                return every_run(runs, function(run)
                    local polling = diagnostic(run, "polling")
                    if polling then return false, polling.message end
                    return gated(run)
                end)
            end,
        },
        {
            name = "the late worker goes straight through",
            points = 1,
            feedback = "An Event stays set: the late worker, arriving at 1.0 s, passes wait() at once. "
                .. "Do not clear() the event.",
            check = function(_, runs)
                return every_run(runs, function(run)
                    local found, problem = starts(run)
                    if not found then return false, problem end
                    local late = found[LATE]
                    if not late then
                        local deadlock = diagnostic(run, "deadlock")
                        return false, LATE .. " never started" .. (deadlock and ("; " .. deadlock.message:match("^[^\n]*"):gsub(":$", "")) or "")
                    end
                    if not at(late.time, LATE_AT) then
                        return false, string.format("%s started at %.2fs; it arrives at 1.00s", LATE, late.time)
                    end
                    return true
                end)
            end,
        },
        {
            name = "waits for everyone, then reports",
            points = 1,
            visibility = "after_due_date",
            feedback = "Gather the loader and the workers, then print `all workers started`; leave no task running.",
            check = function(_, runs)
                return every_run(runs, function(run)
                    if run.ending ~= "completed" then return false, "the run ended: " .. run.ending end
                    if run.lines[#run.lines] ~= "all workers started" then
                        return false, "`all workers started` is not the last line"
                    end
                    local pending = diagnostic(run, "pending")
                    if pending then return false, pending.message end
                    return true
                end)
            end,
        },
    },
}
