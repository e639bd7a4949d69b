-- The Lua module `sim` (docs/sim.md): simulated remote services for the lecture's
-- scenarios, whose latency, caps, rate limits and faults are drawn from the run's seed.
--
-- A call is a few table operations and one sleep on the loop, so a virtual run of a
-- hundred thousand calls takes no longer than the sleeps themselves. The asyncio prelude
-- runs this chunk once per runtime, before any script, so that what it captures below is
-- the pristine library a script cannot have changed yet.

local asyncio, host = ...

local type, error, pairs, ipairs, tostring, setmetatable = type, error, pairs, ipairs, tostring, setmetatable
local getmetatable, rawequal, select = getmetatable, rawequal, select
local math_type, floor, log, exp, sqrt, cos, huge = math.type, math.floor, math.log, math.exp, math.sqrt, math.cos, math.huge
local format, byte, sort, concat = string.format, string.byte, table.sort, table.concat
local sleep, time, Event, Semaphore = asyncio.sleep, asyncio.time, asyncio.Event, asyncio.Semaphore
local CancelledError = asyncio.CancelledError
local getinfo, error_class = host.getinfo, host.error_class
local track, counter, mark, seed_of_run = host.track, host.counter, host.mark, host.seed

local sim = {}

---------------------------------------------------------------------------------------------
-- Errors
---------------------------------------------------------------------------------------------

-- Connection-level faults, below HTTP: there is no response to return. Both are also a
-- ConnectionError, as Python's ConnectionRefusedError and ConnectionResetError are.
sim.ConnectionError = error_class("ConnectionError")
sim.ConnectionRefusedError = error_class("ConnectionRefusedError")
sim.ConnectionResetError = error_class("ConnectionResetError")
sim.PoolTimeout = error_class("PoolTimeout")
do
    local refused, reset = sim.ConnectionRefusedError, sim.ConnectionResetError
    function sim.ConnectionError.is(_, err)
        local mt = getmetatable(err)
        return mt == sim.ConnectionError or mt == refused or mt == reset
    end
end

-- The stack level of the innermost function outside this file and the prelude.
local function caller_level()
    local level = 3
    while true do
        local info = getinfo(level, "S")
        if not info then return 1 end
        if info.source ~= "@sim.lua" and info.source ~= "@asyncio.lua" and info.what ~= "C" then return level - 1 end
        level = level + 1
    end
end

-- A mistake in a description: "sim.service: field 'rate' ...", located at the script's line.
local function bad(fname, detail)
    error(format("%s: %s", fname, detail), caller_level())
end

---------------------------------------------------------------------------------------------
-- Random streams: one per service, from the run's seed and the service's name
---------------------------------------------------------------------------------------------

-- SplitMix64 (Steele, Lea, Flood 2014): a 64-bit state stepped by a constant and mixed.
-- Lua 5.4's integers wrap on overflow and `>>` is a logical shift, which is all it needs.
local GAMMA = 0x9e3779b97f4a7c15

local function mix(z)
    z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
    z = (z ~ (z >> 27)) * 0x94d049bb133111eb
    return z ~ (z >> 31)
end

-- The first state of a stream: FNV-1a of the name, mixed with the seed. Two services
-- never share draws, and a new service leaves every other's stream as it was.
local function stream_start(seed, name)
    local h = 0xcbf29ce484222325
    for i = 1, #name do h = (h ~ byte(name, i)) * 0x100000001b3 end
    return mix(mix(seed) ~ h)
end

-- A uniform draw in [0, 1) with 53 random bits.
local function uniform(s)
    local z = s._rng + GAMMA
    s._rng = z
    return (mix(z) >> 11) * 0x1p-53
end

---------------------------------------------------------------------------------------------
-- Latency distributions
---------------------------------------------------------------------------------------------

local function number_field(fname, where, v, low)
    if type(v) ~= "number" or v ~= v or v == huge then
        bad(fname, format("%s must be a number, got %s", where, v == v and type(v) or "nan"))
    end
    if low and v < low then bad(fname, format("%s must be at least %s, got %s", where, low, v)) end
    return v
end

-- Levenshtein distance, for "did you mean" on a misspelt field.
local function distance(a, b)
    local row = {}
    for j = 0, #b do row[j] = j end
    for i = 1, #a do
        local diagonal, left = row[0], i
        row[0] = i
        for j = 1, #b do
            local cost = byte(a, i) == byte(b, j) and 0 or 1
            local here = math.min(row[j] + 1, left + 1, diagonal + cost)
            diagonal, left, row[j] = row[j], here, here
        end
    end
    return row[#b]
end

local function check_fields(fname, what, t, allowed)
    for key in pairs(t) do
        if not allowed[key] then
            local names, closest, best = {}, nil, 3
            for name in pairs(allowed) do
                if type(name) == "string" then
                    names[#names + 1] = name
                    local d = type(key) == "string" and distance(key, name) or best
                    if d < best then closest, best = name, d end
                end
            end
            sort(names)
            local hint = closest and format("did you mean '%s'?", closest) or "its fields: " .. concat(names, ", ")
            bad(fname, format("%s has no field '%s' (%s)", what, tostring(key), hint))
        end
    end
end

-- Each distribution: its fields (checked) and a sampler made from them.
local DISTRIBUTIONS = {
    uniform = { fields = { "min", "max" }, make = function(d)
        local low, span = d.min, d.max - d.min
        return function(s) return low + span * uniform(s) end
    end },
    normal = { fields = { "mean", "sd" }, make = function(d)
        local mean, sd = d.mean, d.sd
        -- Box-Muller; one draw of the pair is used so every call takes exactly two.
        return function(s)
            local z = sqrt(-2 * log(1 - uniform(s))) * cos(2 * math.pi * uniform(s))
            local v = mean + sd * z
            return v > 0 and v or 0
        end
    end },
    exponential = { fields = { "mean" }, make = function(d)
        local mean = d.mean
        return function(s) return -mean * log(1 - uniform(s)) end
    end },
    -- The long tails: most calls near the median, a few very slow.
    lognormal = { fields = { "median", "sigma" }, make = function(d)
        local median, sigma = d.median, d.sigma
        return function(s)
            local z = sqrt(-2 * log(1 - uniform(s))) * cos(2 * math.pi * uniform(s))
            return median * exp(sigma * z)
        end
    end },
    pareto = { fields = { "min", "alpha" }, make = function(d)
        local low, inverse = d.min, -1 / d.alpha
        return function(s) return low * (1 - uniform(s)) ^ inverse end
    end },
}

local function distribution_names()
    local names = {}
    for name in pairs(DISTRIBUTIONS) do names[#names + 1] = name end
    sort(names)
    return concat(names, ", ")
end

-- A sampler for a latency description: a constant, {min, max}, or {dist = name, ...}.
-- `max` caps any distribution (a client-side ceiling on a long tail).
local function latency_sampler(fname, spec)
    if type(spec) == "number" then
        local v = number_field(fname, "latency", spec, 0)
        return function() return v end
    end
    if type(spec) ~= "table" then
        bad(fname, "latency must be a number, {min, max} or {dist = name, ...}, got " .. type(spec))
    end
    if spec.dist == nil then
        check_fields(fname, "latency {min, max}", spec, { [1] = true, [2] = true })
        local low = number_field(fname, "latency's min", spec[1], 0)
        local high = number_field(fname, "latency's max", spec[2], 0)
        if high < low then bad(fname, format("latency {%s, %s}: max is below min", low, high)) end
        return DISTRIBUTIONS.uniform.make({ min = low, max = high })
    end
    local kind = DISTRIBUTIONS[spec.dist]
    if not kind then
        bad(fname, format("unknown latency distribution '%s' (known: %s)", tostring(spec.dist), distribution_names()))
    end
    local allowed = { dist = true, max = spec.dist ~= "uniform" or nil }
    for _, field in ipairs(kind.fields) do allowed[field] = true end
    check_fields(fname, spec.dist .. " latency", spec, allowed)
    local d = {}
    for _, field in ipairs(kind.fields) do
        d[field] = number_field(fname, format("%s latency's %s", spec.dist, field), spec[field], 0)
    end
    if spec.dist == "uniform" and d.max < d.min then bad(fname, "uniform latency: max is below min") end
    if spec.dist == "pareto" and (d.alpha <= 0 or d.min <= 0) then
        bad(fname, "pareto latency needs min > 0 and alpha > 0")
    end
    local draw = kind.make(d)
    if spec.dist ~= "uniform" and spec.max ~= nil then
        local cap = number_field(fname, spec.dist .. " latency's max", spec.max, 0)
        return function(s)
            local v = draw(s)
            return v < cap and v or cap
        end
    end
    return draw
end

-- Constructors for the table form: sim.normal(0.2, 0.05) is {dist = "normal", mean = 0.2, sd = 0.05}.
function sim.uniform(min, max) return { dist = "uniform", min = min, max = max } end
function sim.normal(mean, sd) return { dist = "normal", mean = mean, sd = sd } end
function sim.exponential(mean) return { dist = "exponential", mean = mean } end
function sim.lognormal(median, sigma) return { dist = "lognormal", median = median, sigma = sigma } end
function sim.pareto(min, alpha) return { dist = "pareto", min = min, alpha = alpha } end

-- sim.sample(latency, n [, seed]): n draws of a latency description, without any service:
-- what a distribution looks like before putting it in one.
function sim.sample(spec, n, seed)
    local draw = latency_sampler("sim.sample", spec)
    if math_type(n) ~= "integer" or n < 0 then bad("sim.sample", "n must be a whole number >= 0") end
    local s = { _rng = stream_start(math_type(seed) == "integer" and seed or seed_of_run(), "sim.sample") }
    local out = {}
    for i = 1, n do out[i] = draw(s) end
    return out
end

---------------------------------------------------------------------------------------------
-- Services
---------------------------------------------------------------------------------------------

local Service = {}
local ServiceClass = { __index = Service, __name = "Service" }
local services = {}  -- every service of the run, in the order made
local by_name = {}

local REASONS = { [200] = "OK", [429] = "Too Many Requests", [500] = "Internal Server Error",
    [503] = "Service Unavailable" }

local SERVICE_FIELDS = { name = true, latency = true, concurrency = true, queue = true, rate = true,
    failures = true, hangs = true, outages = true, reject_latency = true, respond = true }

local function fraction(fname, name, v)
    if v == nil then return 0 end
    number_field(fname, name, v, 0)
    if v > 1 then bad(fname, format("%s is a fraction of calls, from 0 to 1, got %s", name, v)) end
    return v
end

local function check_outages(fname, outages)
    if outages == nil then return nil end
    if type(outages) ~= "table" then bad(fname, "outages must be a list of {from, to} times, got " .. type(outages)) end
    local list = {}
    for i, window in ipairs(outages) do
        if type(window) ~= "table" then bad(fname, format("outages[%d] must be {from, to}, got %s", i, type(window))) end
        local from = number_field(fname, format("outages[%d]'s from", i), window[1], 0)
        local to = number_field(fname, format("outages[%d]'s to", i), window[2], 0)
        if to <= from then bad(fname, format("outages[%d]: {%s, %s} ends before it starts", i, from, to)) end
        list[i] = { from, to }
    end
    for key in pairs(outages) do
        if math_type(key) ~= "integer" or key < 1 or key > #list then
            bad(fname, "outages must be a list of {from, to} times")
        end
    end
    sort(list, function(a, b) return a[1] < b[1] end)
    return list
end

local function check_rate(fname, rate)
    if rate == nil then return nil end
    if type(rate) ~= "table" then bad(fname, "rate must be {n, per = seconds}, got " .. type(rate)) end
    check_fields(fname, "rate {n, per = seconds}", rate, { [1] = true, per = true })
    local n = rate[1]
    if math_type(n) ~= "integer" or n < 1 then bad(fname, "rate's n must be a whole number >= 1, got " .. tostring(n)) end
    local per = number_field(fname, "rate's per", rate.per, 0)
    if per <= 0 then bad(fname, "rate's per must be more than 0 seconds") end
    return n, per
end

-- Leaving a call, however it ends (an answer, an error, a cancellation): to-be-closed
-- markers shared by every call of a service, so a call allocates none.
local function leave_call(marker, err)
    local s = marker.service
    local n = s._in_flight - 1
    s._in_flight = n
    if err ~= nil and CancelledError:is(err) then s._cancelled = s._cancelled + 1 end
    counter(s._track, n)
end

local function leave_service(marker)
    local s = marker.service
    s._serving = s._serving - 1
    if s._slots then s._slots:release() end
end

local function leave_hang(marker, err)
    local s = marker.service
    s._hanging = s._hanging - 1
    if err ~= nil and CancelledError:is(err) then s._hung_cancelled = s._hung_cancelled + 1 end
end

local CLOSERS = {
    { __close = leave_call, __name = "sim call" },
    { __close = leave_service, __name = "sim call" },
    { __close = leave_hang, __name = "sim call" },
}

-- sim.service{name =, latency =, concurrency =, queue =, rate =, failures =, hangs =,
-- outages =, reject_latency =, respond =}
function sim.service(spec)
    local fname = "sim.service"
    if type(spec) ~= "table" then bad(fname, "expects a table {name = ..., latency = ...}, got " .. type(spec)) end
    check_fields(fname, "a service", spec, SERVICE_FIELDS)
    local name = spec.name
    if type(name) ~= "string" or name == "" then bad(fname, "name must be a non-empty string, got " .. type(name)) end
    if by_name[name] then bad(fname, format("a service named '%s' already exists", name)) end
    local concurrency = spec.concurrency
    if concurrency ~= nil and (math_type(concurrency) ~= "integer" or concurrency < 1) then
        bad(fname, "concurrency must be a whole number >= 1, got " .. tostring(concurrency))
    end
    if spec.queue ~= nil and type(spec.queue) ~= "boolean" then bad(fname, "queue must be true or false") end
    if spec.queue and not concurrency then bad(fname, "queue = true needs a concurrency to queue behind") end
    local hangs = fraction(fname, "hangs", spec.hangs)
    local failures = fraction(fname, "failures", spec.failures)
    if hangs + failures > 1 then bad(fname, "hangs + failures is more than every call") end
    local rate_n, rate_per = check_rate(fname, spec.rate)
    if spec.respond ~= nil and type(spec.respond) ~= "function" then bad(fname, "respond must be a function") end
    local reject_latency = spec.reject_latency == nil and 0.001
        or number_field(fname, "reject_latency", spec.reject_latency, 0)

    local s = setmetatable({
        name = name,
        _draw = latency_sampler(fname, spec.latency == nil and 0 or spec.latency),
        _concurrency = concurrency,
        _slots = spec.queue and Semaphore(concurrency) or nil,
        _rate_n = rate_n, _rate_per = rate_per,
        _admitted = rate_n and {} or nil, _admitted_at = 0,  -- a ring of the last n admission times
        _hangs = hangs, _fails = hangs + failures,
        _outages = check_outages(fname, spec.outages),
        _reject_latency = reject_latency,
        _respond = spec.respond,
        _rng = stream_start(seed_of_run(), name),
        _track = track(name),
        _in_flight = 0, _serving = 0, _hanging = 0,
        _calls = 0, _peak = 0, _queued = 0, _refused = 0, _reset = 0, _cancelled = 0,
        _hung = 0, _hung_cancelled = 0,
        _by_status = {}, _latencies = {}, _answered = 0,
    }, ServiceClass)
    s._leave_call = setmetatable({ service = s }, CLOSERS[1])
    s._leave_service = setmetatable({ service = s }, CLOSERS[2])
    s._leave_hang = setmetatable({ service = s }, CLOSERS[3])
    services[#services + 1] = s
    by_name[name] = s
    return s
end

-- The outage that covers `now`, or the first one starting in (now, until].
local function outage_at(outages, now)
    for i = 1, #outages do
        local window = outages[i]
        if window[1] <= now and now < window[2] then return window end
    end
end

local function outage_starting(outages, now, until_)
    for i = 1, #outages do
        local from = outages[i][1]
        if from > now and from <= until_ then return from end
    end
end

-- Most answers have no headers: they share one empty table that refuses new fields, which
-- saves a table per call (a tenth of a call's time in a long run).
local NO_HEADERS = setmetatable({}, {
    __newindex = function() error("a response's headers are read-only", 2) end,
    __metatable = "headers",
})

local function answer(s, status, started, body, headers)
    local latency = time() - started
    s._by_status[status] = (s._by_status[status] or 0) + 1
    local n = s._answered + 1
    s._answered = n
    s._latencies[n] = latency
    return { status = status, ok = status < 400, body = body, latency = latency, service = s.name,
        headers = headers or NO_HEADERS }
end

local function reject(s, status, started, headers)
    mark(s._track, status)
    if s._reject_latency > 0 then sleep(s._reject_latency) else sleep(0) end
    return answer(s, status, started, REASONS[status], headers)
end

-- The rate limit: at most n admissions in any window of `per` seconds. The ring holds
-- the last n admission times; the oldest of them says when the next one may come.
local function rate_check(s, now)
    local ring, at = s._admitted, s._admitted_at
    local oldest = ring[at + 1]
    if oldest and now - oldest < s._rate_per then return oldest + s._rate_per - now end
    ring[at + 1] = now
    s._admitted_at = (at + 1) % s._rate_n
end

-- service:call(request) → {status =, ok =, body =, latency =, headers =, service =}
function Service.call(s, request)
    if getmetatable(s) ~= ServiceClass then
        bad("call", "call it as service:call(request), with a colon")
    end
    local started = time()
    s._calls = s._calls + 1
    local in_flight = s._in_flight + 1
    s._in_flight = in_flight
    if in_flight > s._peak then s._peak = in_flight end
    counter(s._track, in_flight)
    local _ <close> = s._leave_call

    local outages = s._outages
    if outages and outage_at(outages, started) then
        s._refused = s._refused + 1
        mark(s._track, "refused")
        if s._reject_latency > 0 then sleep(s._reject_latency) else sleep(0) end
        error(sim.ConnectionRefusedError(s.name .. " is down"), 0)
    end
    if s._rate_n then
        local wait = rate_check(s, started)
        if wait then return reject(s, 429, started, { ["Retry-After"] = wait }) end
    end
    if s._concurrency and s._serving >= s._concurrency then
        if not s._slots then return reject(s, 503, started) end
        s._queued = s._queued + 1
    end
    if s._slots then s._slots:acquire() end
    s._serving = s._serving + 1
    local _ <close> = s._leave_service

    local roll = (s._fails > 0) and uniform(s) or 1
    if roll < s._hangs then
        s._hung = s._hung + 1
        s._hanging = s._hanging + 1
        local _ <close> = s._leave_hang
        if not s._never then s._never = Event() end
        s._never:wait()  -- never set: only a cancellation ends it
    end
    local latency = s._draw(s)
    local down = outages and outage_starting(outages, time(), time() + latency)
    if down then
        sleep(down - time())
        s._reset = s._reset + 1
        mark(s._track, "reset")
        error(sim.ConnectionResetError(s.name .. " went down during the call"), 0)
    end
    sleep(latency)
    if roll < s._fails then return answer(s, 500, started, REASONS[500]) end
    local respond = s._respond
    return answer(s, 200, started, respond and respond(request) or REASONS[200])
end

-- The p-th percentile of a sorted list (nearest rank).
local function percentile(sorted, p)
    local n = #sorted
    if n == 0 then return nil end
    local rank = math.ceil(p / 100 * n)
    return sorted[rank < 1 and 1 or rank]
end

-- service:stats(): a fresh table; changing it changes nothing.
function Service.stats(s)
    if getmetatable(s) ~= ServiceClass then bad("stats", "call it as service:stats(), with a colon") end
    local by_status = {}
    for status, n in pairs(s._by_status) do by_status[status] = n end
    local sorted = {}
    for i = 1, s._answered do sorted[i] = s._latencies[i] end
    sort(sorted)
    local total = 0
    for i = 1, #sorted do total = total + sorted[i] end
    return {
        name = s.name, calls = s._calls, by_status = by_status, peak = s._peak, in_flight = s._in_flight,
        queued = s._queued, refused = s._refused, reset = s._reset, cancelled = s._cancelled,
        hung = s._hung, hung_cancelled = s._hung_cancelled, hanging = s._hanging,
        -- What it was made with, so a check can tell the exercise's service from a lookalike.
        concurrency = s._concurrency, queue = s._slots ~= nil, failures = s._fails - s._hangs, hangs = s._hangs,
        rate = s._rate_n and { s._rate_n, per = s._rate_per } or nil, outages = #(s._outages or {}),
        latency = { p50 = percentile(sorted, 50), p90 = percentile(sorted, 90), p99 = percentile(sorted, 99),
            max = sorted[#sorted], mean = #sorted > 0 and total / #sorted or nil },
    }
end

function ServiceClass.__tostring(s)
    return format("Service(%s, in_flight=%d, calls=%d)", s.name, s._in_flight, s._calls)
end

-- sim.services(): every service made so far, by name.
function sim.services()
    local out = {}
    for _, s in ipairs(services) do out[s.name] = s end
    return out
end

-- The host reads every service's statistics at the end of a run (--stats, grading).
host.register(function()
    local out = {}
    for _, s in ipairs(services) do out[s.name] = Service.stats(s) end
    return out
end)

---------------------------------------------------------------------------------------------
-- Replicas: one request, several services of different speed
---------------------------------------------------------------------------------------------

-- sim.replicas{ shared fields..., {name = "us-east", latency = ...}, ... } → a list of
-- services; each entry's fields override the shared ones.
function sim.replicas(spec)
    if type(spec) ~= "table" or #spec == 0 then
        bad("sim.replicas", "expects a list of service descriptions {name = ..., latency = ...}")
    end
    local list = {}
    for i, entry in ipairs(spec) do
        if type(entry) ~= "table" then bad("sim.replicas", format("entry %d must be a table, got %s", i, type(entry))) end
        local merged = {}
        for key, value in pairs(spec) do
            if type(key) == "string" then merged[key] = value end
        end
        for key, value in pairs(entry) do merged[key] = value end
        list[i] = sim.service(merged)
    end
    return list
end

---------------------------------------------------------------------------------------------
-- Pools: a fixed number of connections to one service
---------------------------------------------------------------------------------------------

local Pool = {}
local PoolClass = { __index = Pool, __name = "Pool" }

local POOL_FIELDS = { size = true, service = true, timeout = true }

-- sim.pool{size = n, service = s [, timeout = seconds]}: `pool:call(request)` waits for a free
-- connection (at most `timeout`, then PoolTimeout) and calls the service on it.
function sim.pool(spec)
    local fname = "sim.pool"
    if type(spec) ~= "table" then bad(fname, "expects a table {size = n, service = ...}, got " .. type(spec)) end
    check_fields(fname, "a pool", spec, POOL_FIELDS)
    if math_type(spec.size) ~= "integer" or spec.size < 1 then
        bad(fname, "size must be a whole number >= 1, got " .. tostring(spec.size))
    end
    if spec.service ~= nil and getmetatable(spec.service) ~= ServiceClass then
        bad(fname, "service must be a service made by sim.service")
    end
    local timeout = spec.timeout ~= nil and number_field(fname, "timeout", spec.timeout, 0) or nil
    return setmetatable({ size = spec.size, service = spec.service, timeout = timeout,
        _slots = Semaphore(spec.size), _in_use = 0, _peak = 0, _waits = 0, _timeouts = 0 }, PoolClass)
end

local function pool_release(pool)
    pool._in_use = pool._in_use - 1
    pool._slots:release()
end
local PoolLease = { __close = function(lease) pool_release(lease.pool) end }

-- pool:with(fn, ...): runs fn(connection, ...) holding a connection; the connection is a
-- service to call (the pool's own), given back on return, error and cancellation.
function Pool.with(pool, fn, ...)
    if getmetatable(pool) ~= PoolClass then bad("with", "call it as pool:with(fn), with a colon") end
    if type(fn) ~= "function" then bad("with", "fn must be a function, got " .. type(fn)) end
    local slots = pool._slots
    if slots:locked() then
        pool._waits = pool._waits + 1
        if pool.timeout then
            local ok, err = pcall(asyncio.timeout, pool.timeout, slots.acquire, slots)  -- in this task: it holds the slot
            if not ok then
                if asyncio.TimeoutError:is(err) then
                    pool._timeouts = pool._timeouts + 1
                    error(sim.PoolTimeout(format("no free connection within %ss (pool of %d)", pool.timeout, pool.size)), 0)
                end
                error(err, 0)
            end
        else
            slots:acquire()
        end
    else
        slots:acquire()
    end
    pool._in_use = pool._in_use + 1
    if pool._in_use > pool._peak then pool._peak = pool._in_use end
    local _ <close> = setmetatable({ pool = pool }, PoolLease)
    return fn(pool.service, ...)
end

-- pool:call(request): a connection, a call to the pool's service on it, the connection back.
function Pool.call(pool, request)
    if getmetatable(pool) ~= PoolClass then bad("call", "call it as pool:call(request), with a colon") end
    if not pool.service then bad("call", "this pool has no service to call (sim.pool{service = ...})") end
    return Pool.with(pool, Service.call, request)
end

function Pool.stats(pool)
    return { size = pool.size, in_use = pool._in_use, peak = pool._peak, waits = pool._waits, timeouts = pool._timeouts }
end

function PoolClass.__tostring(pool)
    return format("Pool(size=%d, in_use=%d)", pool.size, pool._in_use)
end

return sim
