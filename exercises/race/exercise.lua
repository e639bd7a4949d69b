-- Race three mirrors, keep the first answer (lecture example 24.2). See docs/grading.md for the format.
local MIRRORS = { { name = "alpha", base = 0.2 }, { name = "beta", base = 0.3 }, { name = "gamma", base = 0.4 } }
local SUMMARY = "cancelled 2 slower mirrors"

-- The race as the seed draws it: the winner, its latency, and the two losers.
local function race(seed)
    math.randomseed(seed)
    local winner, latency, losers = nil, math.huge, {}
    for _, mirror in ipairs(MIRRORS) do
        local this = mirror.base + 0.3 * math.random()
        if this < latency then winner, latency = mirror.name, this end
    end
    for _, mirror in ipairs(MIRRORS) do
        if mirror.name ~= winner then losers[#losers + 1] = mirror.name end
    end
    return winner, latency, losers
end

local function winner_line(seed)
    local winner, latency = race(seed)
    return string.format("winner: %s in %.2fs", winner, latency)
end

local function quote(line) return "`" .. line .. "`" end

-- Why the run did not complete, or nil. A run stopped by a limit, or a script that did not
-- load, gets the grader's own "The run was stopped" line, so it needs no message ("").
local function failure(run)
    if run.ending == "completed" then return nil end
    if run.ending == "limit" or run.ending == "load_failed" then return "" end
    local why = run.ending
    if run.error then
        why = run.error.type .. (run.error.message ~= "" and (": " .. run.error.message) or "")
        why = run.error.task .. " failed: " .. why
    end
    return string.format("seed %d: the run did not complete (%s)", run.seed, why)
end

-- false, and the message unless it is empty.
local function fail(message) return false, message ~= "" and message or nil end

-- The work behind the winner: the task named after it answered (ended done) at its latency.
-- A script that replays the draws and prints the line on time has no such task.
local function answered(run, winner, latency)
    local t = task(run, winner)
    if t and t.state == "done" and t.finished and math.abs(t.finished - latency) < 1e-6 then return true end
    return false, string.format("seed %d: no task named %s answered at %.2fs: the winner is the mirror task "
        .. "that finished first", run.seed, winner, latency)
end

-- Whether `line` was printed by the task named `name`.
local function printed_by(run, line, name)
    local t = line.task and run.tasks[line.task]
    return t ~= nil and t.name == name
end

---@type grading.Exercise
return {
    title = "Race: take the first mirror to answer",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2, 3 },
    points = 10,
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 100, output = "64K" },
    checks = {
        {
            name = "names the first mirror to answer",
            points = 2,
            feedback = "The winner is the task in `done` once `asyncio.wait` returns: print "
                .. "`winner: <mirror> in <latency>s` with its name and latency as the first line.",
            check = function(_, runs)
                for _, run in ipairs(runs) do
                    local expected = winner_line(run.seed)
                    if run.lines[1] == nil then
                        return fail(failure(run) or string.format("seed %d: nothing was printed; the first line "
                            .. "should be %s", run.seed, quote(expected)))
                    end
                    if run.lines[1] == expected then
                        local ok, message = answered(run, race(run.seed))
                        if not ok then return false, message end
                    end
                    if run.lines[1] ~= expected then
                        local message = string.format("seed %d: the first line is %s; it should be %s",
                            run.seed, quote(run.lines[1]), quote(expected))
                        local function named(r) return (r.lines[1] or ""):match("^winner: (%a+) ") end
                        if #runs > 1 and named(run) and same_across_seeds(runs, named) then
                            message = message .. " (every seed names " .. named(run)
                                .. ", but the winner changes with the seed)"
                        end
                        return false, message
                    end
                end
                return true
            end,
        },
        {
            name = "ends when the first mirror answers",
            points = 2,
            feedback = "Use `return_when = asyncio.FIRST_COMPLETED`: the race is over at the first answer, "
                .. "not when the slowest mirror answers.",
            check = function(_, runs)
                for _, run in ipairs(runs) do
                    local winner, latency = race(run.seed)
                    -- A script that fails after the race still ended it in time.
                    if run.ending ~= "failed" and failure(run) then return fail(failure(run)) end
                    if math.abs(run.elapsed - latency) > 1e-6 then
                        return false, string.format("seed %d: the run took %.2fs; %s answered first, at %.2fs",
                            run.seed, run.elapsed, winner, latency)
                    end
                    local ok, message = answered(run, winner, latency)
                    if not ok then return false, message end
                end
                return true
            end,
        },
        {
            name = "cancels the slower mirrors",
            points = 2,
            feedback = "Cancel each task left in `pending` (`task:cancel()`) and let it finish cancelling "
                .. "before the script ends. A cancelled query prints `<mirror> cancelled` and raises the "
                .. "CancelledError again (`error(err, 0)`), so its task ends cancelled.",
            check = function(_, runs)
                for _, run in ipairs(runs) do
                    local _, _, losers = race(run.seed)
                    for _, name in ipairs(losers) do
                        local t = task(run, name)
                        local problem
                        if not t then
                            problem = "no task is named " .. name .. " (name each task after its mirror with set_name)"
                        elseif t.left_pending then
                            problem = name .. " had not ended when the main task returned; it ended only when the exit "
                                .. "cancelled it"
                        elseif t.state == "done" then
                            local swallowed = find(run.diagnostics, function(d)
                                return d.kind == "ignored-cancel" and d.message:find(name .. " ", 1, true) == 1
                            end)
                            problem = swallowed
                                and (name .. " caught its CancelledError and returned normally instead of raising it again")
                                or string.format("%s was not cancelled: it answered at %.2fs", name, t.finished)
                        elseif t.state ~= "cancelled" then
                            problem = name .. " ended " .. t.state .. ", not cancelled"
                        elseif count(run.output, function(l) return l.text == name .. " cancelled" and printed_by(run, l, name) end) ~= 1 then
                            problem = name .. " ended cancelled but did not print `" .. name .. " cancelled` once"
                                .. " (from its own task)"
                        end
                        if problem then return fail(failure(run) or string.format("seed %d: %s", run.seed, problem)) end
                    end
                end
                return true
            end,
        },
        {
            name = "waits for the cancelled mirrors",
            points = 2,
            visibility = "hidden",
            feedback = "After cancelling, await the cancelled tasks "
                .. "(`asyncio.gather(pending, { return_exceptions = true })`) so they finish cancelling "
                .. "before the script reports and ends.",
            check = function(_, runs)
                for _, run in ipairs(runs) do
                    if failure(run) then return fail(failure(run)) end
                    local pending = diagnostic(run, "pending")
                    if pending then return false, string.format("seed %d: tide: %s", run.seed, pending.message) end
                    local left = find(run.tasks, function(t) return t.left_pending end)
                    if left then
                        return false, string.format("seed %d: %s was still running when the main task returned",
                            run.seed, left.name)
                    end
                    local last = run.lines[#run.lines]
                    if last ~= SUMMARY then
                        return false, string.format("seed %d: %s; %s comes last, once the cancelled mirrors have "
                            .. "stopped", run.seed, last and ("the last line is " .. quote(last)) or "nothing was printed",
                            quote(SUMMARY))
                    end
                end
                return true
            end,
        },
        {
            name = "prints the summary line",
            points = 1,
            feedback = "Print `" .. SUMMARY .. "` once the slower mirrors have been cancelled.",
            check = function(_, runs)
                for _, run in ipairs(runs) do
                    if failure(run) == "" then return false end
                    local n = count(run.lines, function(l) return l == SUMMARY end)
                    if n ~= 1 then
                        return false, string.format("seed %d: %s was printed %d times", run.seed, quote(SUMMARY), n)
                    end
                end
                return true
            end,
        },
        {
            name = "returns the winner",
            points = 1,
            visibility = "after_due_date",
            feedback = "The main chunk should return the winning mirror's name.",
            check = function(_, runs)
                for _, run in ipairs(runs) do
                    if failure(run) then return fail(failure(run)) end
                    local winner = race(run.seed)
                    local returned = run.returned[1]
                    if returned ~= winner then
                        return false, string.format("seed %d: returned %s; %s won", run.seed,
                            type(returned) == "string" and ("\"" .. returned .. "\"") or tostring(returned), winner)
                    end
                end
                return true
            end,
        },
    },
}
