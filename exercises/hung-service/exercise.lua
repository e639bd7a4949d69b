-- A service that hangs (slide 6, example 24.3 against a service). See docs/grading.md for the
-- format and docs/sim.md for the services and the check helpers that read them.
local ORDERS, DEADLINE, ATTEMPTS = 8, 0.5, 3

local function given(run) return service_as_given(run, "payments", { hangs = 0.2 }) end

-- Orders charged and orders given up, from the printed lines; nil and why if one is off.
local function outcomes(run)
    local charged, failed = 0, 0
    for order = 1, ORDERS do
        local ok = count(run.lines, function(l) return l == "order " .. order .. ": receipt-" .. order end)
        local gave_up = count(run.lines, function(l) return l == "order " .. order .. ": failed after 3 attempts" end)
        if ok + gave_up ~= 1 then
            return nil, string.format("order %d was reported %d times", order, ok + gave_up)
        end
        charged, failed = charged + ok, failed + gave_up
    end
    return charged, failed
end

-- Applies check(run, stats) to every seed's run of the given service.
local function every_run_of_payments(runs, check)
    return every_run(runs, function(r)
        local s, why = given(r)
        if not s then return false, why end
        return check(r, s)
    end)
end

---@type grading.Exercise
return {
    title = "A service that hangs: a deadline on every call",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2, 3 },
    points = 10,
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 500, output = "64K" },
    checks = {
        {
            name = "calls the service as given",
            points = 1,
            feedback = "Make the service exactly as the statement shows, and call it with payments:call(order).",
            check = function(run)
                local s, why = given(run)
                return s ~= nil, why
            end,
        },
        {
            name = "every order reported once, as the service answered",
            points = 2,
            feedback = "Print one line per order: `order <n>: <body>` or `order <n>: failed after 3 attempts`.",
            check = function(_, runs)
                return every_run_of_payments(runs, function(r, s)
                    local charged, why = outcomes(r)
                    if not charged then return false, why end
                    if charged ~= (s.by_status[200] or 0) then
                        return false, string.format("%d orders printed as charged, %d calls answered", charged,
                            s.by_status[200] or 0)
                    end
                    return true
                end)
            end,
        },
        {
            name = "every hung call was cancelled",
            points = 3,
            feedback = "Wrap each call in asyncio.wait_for(..., 0.5): a call that hangs must be cancelled, not awaited forever.",
            check = function(_, runs)
                local hung = 0
                local ok, message = every_run_of_payments(runs, function(r, s)
                    hung = hung + s.hung
                    if r.ending ~= "completed" then return false, "the run ended: " .. r.ending end
                    return hung_calls_cancelled(r, "payments")
                end)
                if ok and hung == 0 then return false, "no call hung in any run: were the calls made?" end
                return ok, message
            end,
        },
        {
            name = "each attempt gives up at 0.5 s",
            points = 2,
            feedback = "The deadline is 0.5 s per attempt: longer leaves hung calls waiting, shorter cuts off good ones.",
            check = function(_, runs)
                return every_run_of_payments(runs, function(r, s)
                    if r.elapsed > ATTEMPTS * DEADLINE + 1e-6 then
                        return false, string.format("the run took %.2fs: three attempts of 0.5s end by 1.50s",
                            r.elapsed)
                    end
                    if (s.latency.max or 0) > DEADLINE then return false, "a call was answered after its deadline" end
                    -- Every call either was answered or was cancelled by its deadline.
                    if s.calls ~= (s.by_status[200] or 0) + s.cancelled then
                        return false, string.format("%d calls: %d answered, %d cancelled", s.calls,
                            s.by_status[200] or 0, s.cancelled)
                    end
                    return true
                end)
            end,
        },
        {
            name = "a timed-out order is retried, three attempts at most",
            points = 2,
            feedback = "Retry an attempt that timed out, up to three attempts per order; give up after the third.",
            check = function(_, runs)
                return every_run_of_payments(runs, function(r, s)
                    local charged, failed = outcomes(r)
                    if not charged then return false, failed end
                    if s.calls > ORDERS * ATTEMPTS then
                        return false, string.format("%d calls for %d orders", s.calls, ORDERS)
                    end
                    if s.cancelled > 0 and s.calls ~= charged + s.cancelled then
                        return false, string.format("%d calls, %d charged, %d timed out: not every timeout was retried",
                            s.calls, charged, s.cancelled)
                    end
                    if failed * ATTEMPTS > s.cancelled then
                        return false, string.format("%d orders given up after %d timeouts in all", failed,
                            s.cancelled)
                    end
                    return true
                end)
            end,
        },
    },
}
