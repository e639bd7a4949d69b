-- Retry with a timeout and backoff (lecture example 24.3). See docs/grading.md for the format.
local TIMEOUT, ATTEMPTS, C_BUDGET = 0.5, 4, 0.8
local DELAYS = { A = { 2.0, 0.8, 0.3 } }
local EPS = 1e-6

-- How long attempt k of a service takes, and the backoff after attempt k timed out.
local function delay(name, k) return DELAYS[name] and DELAYS[name][k] or 2.0 end
local function backoff(k) return 0.1 * 2 ^ (k - 1) end
local function at(t, u) return math.abs(t - u) < EPS end

-- Whether a deadline (wait_for's) expired for `task` at `time`; each counts once, so
-- `used` keeps those already matched to a line.
local function deadline_expired(run, task, time, used)
    for i, timeout in ipairs(run.timeouts) do
        if not used[i] and timeout.task == task and at(timeout.time, time) then
            used[i] = true
            return true
        end
    end
    return false
end

-- The attempts of a service, from the lines its tasks printed: attempts[k] = {started=,
-- outcome=, ended=}, outcome "succeeded", "timed out" (a deadline expired for the printing
-- task at that moment) or "claimed" (printed, but no deadline expired); and the highest
-- attempt number seen. The main task's lines are not attempts: it only starts A, B and C.
local function attempts(run, name)
    local list, last, used = {}, 0, {}
    local function attempt(k)
        last = math.max(last, k)
        list[k] = list[k] or {}
        return list[k]
    end
    for _, line in ipairs(run.output) do
        if line.task == 1 or line.task == nil then goto next_line end
        local who, k = line.text:match("^(%u): attempt (%d+) started$")
        if who == name then
            local a = attempt(tonumber(k))
            a.started = a.started or line.time
        end
        who, k = line.text:match("^(%u): attempt (%d+) timed out$")
        local outcome = "timed out"
        if not who then
            who, k = line.text:match("^(%u): succeeded on attempt (%d+)$")
            outcome = "succeeded"
        end
        if who == name then
            local a = attempt(tonumber(k))
            if outcome == "timed out" and not deadline_expired(run, line.task, line.time, used) then
                outcome = "claimed"
            end
            if not a.outcome then a.outcome, a.ended = outcome, line.time end
        end
        ::next_line::
    end
    return list, last
end

-- Runs the check on every seed's run; the first that fails gives the result.
local function every_seed(check)
    return function(_, runs)
        for _, run in ipairs(runs) do
            local result, message = check(run)
            if result ~= true then
                if message and run.seed ~= runs[1].seed then message = message .. " (seed " .. run.seed .. ")" end
                return result, message
            end
        end
        return true
    end
end

---@type grading.Exercise
return {
    title = "Retry with a timeout and backoff",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2 },
    points = 10,
    -- A correct run creates 13 tasks. 40 stops an endless retry loop at about its 32nd
    -- attempt, before its doubling backoff outgrows the virtual clock.
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 40, output = "64K" },
    checks = {
        {
            name = "each attempt is cut off at 0.5 s",
            points = 2,
            feedback = "Call the service under asyncio.wait_for(..., 0.5): an attempt that takes longer "
                .. "must print `<name>: attempt <k> timed out` exactly 0.5 s after it started.",
            check = every_seed(function(run)
                for _, name in ipairs({ "A", "B" }) do
                    local list, last = attempts(run, name)
                    if last == 0 then return false, name .. " printed no attempt: `" .. name .. ": attempt 1 started` is missing" end
                    for k = 1, last do
                        local a = list[k]
                        local d = delay(name, k)
                        if not a or not a.started then
                            return false, string.format("%s: attempt %d has no `started` line", name, k)
                        elseif not a.outcome then
                            -- Only the run ending first (a limit) excuses an attempt without an outcome.
                            if run.elapsed >= a.started + math.min(d, TIMEOUT) - EPS then
                                return false, string.format("%s: attempt %d started at %.2fs and neither timed out nor succeeded",
                                    name, k, a.started)
                            end
                        elseif a.outcome == "claimed" and d > TIMEOUT then
                            return false, string.format("%s: attempt %d was reported as timed out at %.2fs, but no deadline "
                                .. "expired then: call the service under asyncio.wait_for", name, k, a.ended)
                        elseif d > TIMEOUT and a.outcome == "succeeded" then
                            return false, string.format("%s: attempt %d waited %.2fs for the service and succeeded: "
                                .. "it should have timed out after 0.5s", name, k, a.ended - a.started)
                        elseif d > TIMEOUT and not at(a.ended, a.started + TIMEOUT) then
                            return false, string.format("%s: attempt %d timed out %.2fs after it started, not 0.5s",
                                name, k, a.ended - a.started)
                        elseif d <= TIMEOUT and a.outcome ~= "succeeded" then
                            return false, string.format("%s: attempt %d takes %.1fs, within the timeout, but was reported as timed out",
                                name, k, d)
                        elseif d <= TIMEOUT and not at(a.ended, a.started + d) then
                            return false, string.format("%s: attempt %d succeeded %.2fs after it started; the service answers in %.1fs",
                                name, k, a.ended - a.started, d)
                        end
                    end
                end
                return true
            end),
        },
        {
            name = "retries back off 0.1, 0.2, 0.4 s",
            points = 2,
            feedback = "After attempt k times out, sleep 0.1 * 2^(k-1) seconds (0.1, 0.2, 0.4) "
                .. "before printing `<name>: attempt <k+1> started`.",
            check = every_seed(function(run)
                local retries = 0
                for _, name in ipairs({ "A", "B" }) do
                    local list = attempts(run, name)
                    for k = 2, ATTEMPTS do
                        local a, before = list[k], list[k - 1]
                        if a and a.started and before and before.outcome == "timed out" then
                            retries = retries + 1
                            local waited = a.started - before.ended
                            if not at(waited, backoff(k - 1)) then
                                return false, string.format("%s: attempt %d started %.2fs after attempt %d timed out; "
                                    .. "the backoff there is %.1fs", name, k, waited, k - 1, backoff(k - 1))
                            end
                        end
                    end
                end
                if retries == 0 then return false, "neither A nor B retried after a timeout" end
                return true
            end),
        },
        {
            name = "retries until success, four attempts at most",
            points = 1,
            feedback = "Retry after each timeout, up to four attempts in all; stop as soon as an attempt succeeds.",
            check = every_seed(function(run)
                for _, name in ipairs({ "A", "B", "C" }) do
                    local list, last = attempts(run, name)
                    if last == 0 and name ~= "C" then return false, name .. " printed no attempt" end
                    if last > ATTEMPTS and run.ending == "limit" then
                        return false, string.format("%s was still retrying, at attempt %d, when the run was stopped; "
                            .. "stop after %d", name, last, ATTEMPTS)
                    elseif last > ATTEMPTS then
                        return false, string.format("%s made %d attempts; stop after %d", name, last, ATTEMPTS)
                    end
                    for k = 1, last do
                        local a = list[k]
                        if a and a.outcome == "succeeded" and k < last then
                            return false, string.format("%s went on after it succeeded on attempt %d", name, k)
                        end
                        -- C's caller gives up on it, so only A and B must see every retry through.
                        if name ~= "C" and a and a.outcome == "timed out" and k < ATTEMPTS and not list[k + 1]
                            and run.elapsed >= a.ended + backoff(k) - EPS then
                            return false, string.format("%s: attempt %d timed out and was not retried", name, k)
                        end
                    end
                end
                return true
            end),
        },
        {
            name = "gives up with the TimeoutError",
            points = 1,
            feedback = "When B's fourth attempt times out, raise that TimeoutError again (error(err, 0)) at once: "
                .. "it ends the script through `b:await()`.",
            check = every_seed(function(run)
                if run.ending == "limit" then return false, "the run was stopped before B gave up" end
                if run.ending == "completed" then
                    return false, "the script completed without an error: B should have ended it with a TimeoutError"
                elseif run.ending ~= "failed" or not run.error then
                    return false, "the run ended: " .. run.ending
                end
                if run.error.type ~= "TimeoutError" then
                    return false, "the script ended with another error: " .. run.error.message
                end
                -- The TimeoutError of a deadline that expired, not one the script made up.
                if not find(run.timeouts, function(t) return at(t.time, run.elapsed) end) then
                    return false, string.format("the script ended with a TimeoutError at %.2fs, but no deadline expired then",
                        run.elapsed)
                end
                local list, last = attempts(run, "B")
                local final = list[last]
                if final and final.outcome == "timed out" and not at(run.elapsed, final.ended) then
                    return false, string.format("B's last attempt timed out at %.2fs but the script ended at %.2fs: "
                        .. "no backoff after the last attempt", final.ended, run.elapsed)
                end
                return true
            end),
        },
        {
            name = "a cancellation is not a timeout",
            points = 2,
            feedback = "Retry only on asyncio.TimeoutError:is(err). Re-raise anything else with error(err, 0), "
                .. "CancelledError above all: when C's caller gives up at 0.8 s, C must stop there.",
            check = every_seed(function(run)
                local list, last = attempts(run, "C")
                if last == 0 then return false, "C printed no attempt" end
                for k = 1, last do
                    local a = list[k]
                    if a and a.outcome == "claimed" and a.started and at(a.ended - a.started, TIMEOUT) then
                        return false, string.format("C: attempt %d was reported as timed out at %.2fs, but no deadline "
                            .. "expired then", k, a.ended)
                    end
                    if a and a.outcome ~= "succeeded" and a.outcome and a.started and not at(a.ended - a.started, TIMEOUT) then
                        return false, string.format("C: attempt %d was reported as timed out at %.2fs, %.2fs after it started: "
                            .. "that was its caller cancelling it, not a timeout", k, a.ended, a.ended - a.started)
                    end
                    if a and a.started and a.started > C_BUDGET + EPS then
                        return false, string.format("C started attempt %d at %.2fs, after its caller gave up on it at 0.8s",
                            k, a.started)
                    end
                end
                local swallowed = diagnostic(run, "ignored-cancel")
                if printed(run, "^C answered$") then
                    return false, "C returned although its caller cancelled it at 0.8s"
                        .. (swallowed and ": " .. swallowed.message or "")
                end
                if swallowed then return false, swallowed.message end
                local gave_up = printed(run, "^C: out of time$")
                if not gave_up then return false, "`C: out of time` was never printed" end
                if not at(gave_up.time, C_BUDGET) then
                    return false, string.format("`C: out of time` came at %.2fs, not at C's deadline of 0.8s", gave_up.time)
                end
                return true
            end),
        },
        {
            name = "timed-out calls are cancelled",
            points = 1,
            feedback = "A call that timed out must not go on running: asyncio.wait_for cancels it for you "
                .. "(asyncio.wait with a timeout does not). Leave no task running at the end.",
            check = every_seed(function(run)
                if not printed(run, "^A: attempt 1 started$") then return false, "A printed no attempt" end
                -- Each `timed out` line needs its own task, cancelled at that very moment.
                local free = {}
                for _, t in ipairs(run.tasks) do
                    if t.cancelled and t.finished and not t.left_pending then free[#free + 1] = t.finished end
                end
                for _, line in ipairs(run.output) do
                    local name, k = line.text:match("^(%u): attempt (%d+) timed out$")
                    if name then
                        local match
                        for i, finished in ipairs(free) do
                            if at(finished, line.time) then match = i break end
                        end
                        if not match and #run.tasks <= 4 then
                            -- Only the main part's own tasks: the script, A, B and C's wait_for.
                            return false, "no call ran as a task of its own, so none could be cancelled: "
                                .. "call the service through asyncio.wait_for"
                        elseif not match then
                            return false, string.format("%s: attempt %s timed out at %.2fs, but no task was cancelled then: "
                                .. "its call went on running", name, k, line.time)
                        end
                        table.remove(free, match)
                    end
                end
                -- A run stopped by a limit leaves its tasks unfinished through no choice of its own.
                if run.ending == "limit" then return true end
                local pending = diagnostic(run, "pending")
                if pending then return false, pending.message end
                local left = find(run.tasks, function(t) return t.left_pending end)
                if left then return false, left.name .. " was still running when the script ended" end
                return true
            end),
        },
        {
            name = "returns the response",
            points = 1,
            visibility = "after_due_date",
            feedback = "call_with_retry should return what the service returned, so that the main part "
                .. "prints `A returned A response`.",
            check = every_seed(function(run)
                if printed(run, "^A returned A response$") then return true end
                local line = printed(run, "^A returned ")
                return false, line and ("it printed `" .. line.text .. "`") or "`A returned ...` was never printed"
            end),
        },
    },
}
