/// Helpers every exercise file may use in its checks (docs/grading.md, "Helpers").
enum CheckHelpers {
    static let source = #"""
    -- The first printed line that matches the Lua pattern, with its record ({time=, text=}).
    function printed(run, pattern)
        for _, line in ipairs(run.output) do
            if line.text:find(pattern) then return line end
        end
        return nil
    end

    -- The first item of the list for which the predicate holds.
    function find(list, predicate)
        for _, item in ipairs(list) do
            if predicate(item) then return item end
        end
        return nil
    end

    -- How many items of the list the predicate holds for.
    function count(list, predicate)
        local n = 0
        for _, item in ipairs(list) do
            if predicate(item) then n = n + 1 end
        end
        return n
    end

    -- The task record with this name (Task-1 is the main task).
    function task(run, name)
        return find(run.tasks, function(t) return t.name == name end)
    end

    -- The first diagnostic of this kind ("deadlock", "pending", "held-at-finish", ...).
    function diagnostic(run, kind)
        return find(run.diagnostics, function(d) return d.kind == kind end)
    end

    -- A path inside the exercise folder (checks run wherever `tide grade` was started).
    function exercise_path(relative)
        return exercise_folder .. "/" .. relative
    end

    -- The statistics of the sim service with this name (docs/sim.md), as service:stats()
    -- gave them when the main task ended; a service the run never made has made no calls.
    function service(run, name)
        return run.services[name] or { name = name, calls = 0, by_status = {}, peak = 0, hung = 0,
            hung_cancelled = 0, hanging = 0, refused = 0, reset = 0, cancelled = 0, queued = 0, latency = {} }
    end

    -- The statistics of the service `name` if the run called it and made it as `expected`
    -- says ({concurrency = 4}, {hangs = 0.2, rate = {10, per = 1}}; a field left out must be
    -- absent or 0), so a lookalike made without the limits does not pass; else nil and why.
    local SERVICE_FIELDS = { "concurrency", "queue", "rate", "failures", "hangs", "outages" }
    local SERVICE_DEFAULTS = { concurrency = false, queue = false, rate = false, failures = 0, hangs = 0, outages = 0 }
    function service_as_given(run, name, expected)
        local s = service(run, name)
        if s.calls == 0 then return nil, "the " .. name .. " service was never called" end
        for _, field in ipairs(SERVICE_FIELDS) do
            local want, have = expected[field], s[field]
            if want == nil then want = SERVICE_DEFAULTS[field] end
            if have == nil then have = SERVICE_DEFAULTS[field] end
            local same = want == have
            if type(want) == "table" and type(have) == "table" then same = want[1] == have[1] and want.per == have.per end
            if not same then
                return nil, "the " .. name .. " service is not the one the statement gives (its " .. field .. " differs)"
            end
        end
        return s
    end

    -- "No 429s": true, or false and how many calls the service answered with that status.
    function no_status(run, name, status)
        local n = service(run, name).by_status[status] or 0
        if n == 0 then return true end
        return false, string.format("%s answered %d to %d call%s", name, status, n, n == 1 and "" or "s")
    end

    -- "Peak concurrency at most n": the most calls the service had in flight at once.
    function peak_at_most(run, name, n)
        local peak = service(run, name).peak
        if peak <= n then return true end
        return false, string.format("%s had %d calls in flight at once (at most %d allowed)", name, peak, n)
    end

    -- "Every hung call was cancelled" before the main task ended (a timeout, a cancel).
    function hung_calls_cancelled(run, name)
        local s = service(run, name)
        if s.hanging == 0 and s.hung_cancelled == s.hung then return true end
        return false, string.format("%s: %d of %d hung calls were never cancelled", name, s.hung - s.hung_cancelled, s.hung)
    end

    -- True when f(run) holds for every run; else false and f's message, naming the run's seed.
    function every_run(runs, f)
        for _, r in ipairs(runs) do
            local ok, message = f(r)
            if not ok then return false, message and string.format("%s (seed %d)", message, r.seed) end
        end
        return true
    end

    -- Each run's value of f, and whether they are all equal.
    function same_across_seeds(runs, f)
        local first = f(runs[1])
        for i = 2, #runs do
            if f(runs[i]) ~= first then return false end
        end
        return true
    end

    -- Run records cross as plain data, where every key of a table is a string: a service's
    -- answers by status get their number keys back, as service:stats() gives them.
    return function(run)
        if type(run) ~= "table" or type(run.services) ~= "table" then return run end
        for _, s in pairs(run.services) do
            local by_status = {}
            for status, n in pairs(s.by_status or {}) do by_status[math.tointeger(tonumber(status)) or status] = n end
            s.by_status = by_status
        end
        return run
    end
    """#
}
