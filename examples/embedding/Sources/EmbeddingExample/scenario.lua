-- The scenario the Swift host runs (App.swift): the lecture's tools around two host
-- functions. `host.fetch(region)` is Swift async work that answers a table; `host.flaky`
-- always fails with an asyncio.HostError of type ServiceUnavailable.
--
-- On the virtual clock, host work takes no loop time: a replica's network latency is an
-- asyncio.sleep, and the host call after it answers at the same instant of loop time.

local latency = { ["us-east"] = 0.2, ["eu-west"] = 0.3, ["ap-south"] = 0.4 }

local function log(fmt, ...)
    print(string.format("[%.2f] " .. fmt, asyncio.time(), ...))
end

-- One replica: the way there (loop time), then the service (the host's work).
local function replica(region)
    asyncio.sleep(latency[region])
    return host.fetch(region)
end

-- A heartbeat that nobody stops: the run cancels it at the end and says so.
asyncio.create_task(function()
    while true do
        asyncio.sleep(1)
        host.fetch("us-east")
    end
end)

-- 1. Race the three replicas: the first to answer wins, the others are cancelled.
local replicas = {}
for _, region in ipairs({ "ap-south", "eu-west", "us-east" }) do
    replicas[#replicas + 1] = asyncio.create_task(replica, region)
end
local done, pending = asyncio.wait(replicas, { return_when = asyncio.FIRST_COMPLETED })
local winner = done[1]:result()
log("winner: %s answered %d %q", winner.region, winner.status, winner.body)
for _, task in ipairs(pending) do task:cancel() end
asyncio.gather(pending, { return_exceptions = true })
log("cancelled %d slower replicas", #pending)

-- 2. A deadline the replica cannot meet: wait_for cancels it and raises TimeoutError...
local ok, err = pcall(asyncio.wait_for, function() return replica("ap-south") end, 0.25)
local timedOut = not ok and asyncio.TimeoutError:is(err)
log("ap-south within 0.25s: %s", timedOut and "timed out" or tostring(err))

-- ...and one it meets: asyncio.timeout runs the call under a deadline.
local reply = asyncio.timeout(0.5, replica, "eu-west")
log("eu-west within 0.5s: %d", reply.status)

-- 3. Cancelling a task that awaits the host cancels the Swift task, and waits for it.
local fetch = asyncio.create_task(host.fetch, "ap-south")
asyncio.sleep(0)  -- the task starts, and awaits host.fetch
fetch:cancel()
ok, err = pcall(fetch.await, fetch)
log("ap-south fetch cancelled: %s", asyncio.CancelledError:is(err))

-- 4. The failing service: the Swift error arrives as an asyncio.HostError. Three attempts.
local failure
for attempt = 1, 3 do
    ok, err = pcall(host.flaky, "payments")
    if ok then break end
    if not asyncio.HostError:is(err) then error(err, 0) end  -- not ours to catch
    failure = err
    log("payments attempt %d: %s (%s)", attempt, err.type, err.message)
    if attempt < 3 then asyncio.sleep(0.1 * attempt) end
end

-- What the host reads back: plain values, copied.
return {
    winner = winner.region,
    timed_out = timedOut and "ap-south" or nil,
    failure = failure and failure.type,
    replies = { winner.status, reply.status },
}, asyncio.time()
