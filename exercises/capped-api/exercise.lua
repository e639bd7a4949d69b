-- A capped API (slides 2 and 3, example 24.1 against a service). See docs/grading.md for the
-- format and docs/sim.md for the services and the check helpers that read them.
local PROFILES, CAP = 12, 4

local function given(run) return service_as_given(run, "profiles", { concurrency = CAP }) end

-- When the last call ends if calls start in id order, each as soon as one of four slots is
-- free, with the latencies the run printed; nil and why when a line is missing.
local function best_elapsed(run)
    local latency = {}
    for _, line in ipairs(run.lines) do
        local id, seconds = line:match("^profile (%d+): user%-%d+ in ([%d.]+)s$")
        if id then latency[tonumber(id)] = tonumber(seconds) end
    end
    local slots = { 0, 0, 0, 0 }
    for id = 1, PROFILES do
        if not latency[id] then return nil, "no `profile " .. id .. ": ... in <latency>s` line" end
        table.sort(slots)
        slots[1] = slots[1] + latency[id]
    end
    table.sort(slots)
    return slots[CAP]
end

---@type grading.Exercise
return {
    title = "A capped API: twelve profiles without a 503",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2, 3 },
    points = 10,
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 500, output = "64K" },
    checks = {
        {
            name = "calls the service as given",
            points = 1,
            feedback = "Make the service exactly as the statement shows, and call it with profiles:call(id).",
            check = function(run)
                local s, why = given(run)
                return s ~= nil, why
            end,
        },
        {
            name = "every profile fetched once, as the API answered it",
            points = 2,
            feedback = "Print `profile <id>: <body> in <latency>s` once for each id 1..12, from the response the API gave.",
            check = function(_, runs)
                return every_run(runs, function(r)
                    local s, why = given(r)
                    if not s then return false, why end
                    for id = 1, PROFILES do
                        local pattern = "^profile " .. id .. ": user%-" .. id .. " in [%d.]+s$"
                        local n = count(r.lines, function(l) return l:match(pattern) end)
                        if n ~= 1 then return false, string.format("profile %d was printed %d times", id, n) end
                    end
                    local ok = s.by_status[200] or 0
                    return ok == PROFILES, string.format("the API answered 200 to %d calls, not 12", ok)
                end)
            end,
        },
        {
            name = "no 503s",
            points = 3,
            feedback = "Guard each call with asyncio.Semaphore(4): a fifth call in flight is rejected with 503.",
            check = function(_, runs)
                return every_run(runs, function(r)
                    local s, why = given(r)
                    if not s then return false, why end
                    local ok, message = no_status(r, "profiles", 503)
                    if not ok then return false, message end
                    return s.calls == PROFILES, string.format("%d calls for 12 profiles", s.calls)
                end)
            end,
        },
        {
            name = "four calls in flight at once",
            points = 2,
            feedback = "Start all twelve at once (gather or tasks) so that four calls are always in flight, never five.",
            check = function(run)
                local s, why = given(run)
                if not s then return false, why end
                local ok, message = peak_at_most(run, "profiles", CAP)
                if not ok then return false, message end
                if s.peak < CAP then return s.peak / CAP, string.format("at most %d in flight at once: four are allowed", s.peak) end
                return true
            end,
        },
        {
            name = "finishes as soon as four at a time allow",
            points = 1,
            feedback = "Hand a free slot to the next profile as soon as a call ends: no batches, no sleeps.",
            check = function(_, runs)
                return every_run(runs, function(r)
                    local s, why = given(r)
                    if not s then return false, why end
                    local best, missing = best_elapsed(r)
                    if not best then return false, missing end
                    return r.elapsed <= best + 0.005,
                        string.format("the run took %.2fs; four at a time it takes %.2fs", r.elapsed, best)
                end)
            end,
        },
        {
            name = "prints the summary line",
            points = 1,
            feedback = "End with `fetched 12 profiles in <t>s`, the elapsed time to two decimals.",
            check = function(run)
                local s, why = given(run)
                if not s then return false, why end
                return run.lines[#run.lines] == string.format("fetched 12 profiles in %.2fs", run.elapsed)
            end,
        },
    },
}
