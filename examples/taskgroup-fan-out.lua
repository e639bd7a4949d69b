-- A TaskGroup fan-out where one child fails
--
-- What it shows: a search is fanned out to four shards inside `asyncio.task_group`
-- (Python's `async with asyncio.TaskGroup() as tg:`). Shard 3 fails. The group then
-- cancels every other child still running, waits until they have finished cancelling
-- (their cleanup runs), and raises one ExceptionGroup whose `errors` field lists what
-- went wrong. Compare `gather`, which raises the first error and leaves the rest running.
--
-- What to observe:
--   * shard 1 answers at 0.10, before anything goes wrong, and keeps its result;
--   * shard 3 fails at 0.15, and at that same instant shards 2 and 4 are cancelled: each
--     runs its cleanup ("closing its connection"); nobody waits for their 0.30 and 0.50;
--   * the group ends at 0.15 with an ExceptionGroup holding exactly one error, shard 3's
--     ValueError; the cancelled shards are not errors.
local asyncio = require("asyncio")

local function log(fmt, ...) print(string.format("[%.2f] " .. fmt, asyncio.time(), ...)) end

local function searchShard(shardId, seconds, failure)
    local ok, err = pcall(asyncio.sleep, seconds)       -- the query
    if not ok then                                       -- cancelled by the group
        log("shard %d: cancelled, closing its connection", shardId)
        error(err, 0)                                    -- let the cancellation go on
    end
    if failure then
        log("shard %d: fails", shardId)
        error(asyncio.ValueError(string.format("shard %d: %s", shardId, failure)))
    end
    log("shard %d: %d hits", shardId, shardId * 10)
    return shardId * 10
end

local shardTimes = { 0.10, 0.30, 0.15, 0.50 }
local searches = {}

local ok, err = pcall(asyncio.task_group, function(tg)
    for shardId, seconds in ipairs(shardTimes) do
        local failure = shardId == 3 and "index file is corrupt" or nil
        searches[shardId] = tg:create_task(searchShard, shardId, seconds, failure)
    end
    log("searching %d shards", #searches)
end)

log("task group ended: ok = %s", ok)
if asyncio.ExceptionGroup:is(err) then
    log("%s", tostring(err))
    for i, childError in ipairs(err.errors) do log("  error %d: %s", i, tostring(childError)) end
end
for shardId, search in ipairs(searches) do
    local state = search:cancelled() and "cancelled"
        or search:exception() and "failed"
        or ("returned " .. search:result())
    log("shard %d %s", shardId, state)
end
