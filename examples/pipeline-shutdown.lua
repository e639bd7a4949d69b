-- A bounded three-stage pipeline closed with Queue:shutdown()
--
-- What it shows: photos flow fetch → resize (two workers) → upload through two queues of
-- at most 2 items. A stage ends by calling `shutdown()` on its outgoing queue, not with a
-- sentinel (compare 24.4): `get` returns what is still queued, then raises QueueShutDown.
--
-- What to observe:
--   * backpressure: at 0.25 the resize queue is full and fetch waits until resize-1 takes
--     the next photo at 0.35;
--   * the close travels down the pipeline: fetch shuts the resize queue down at 0.40, yet
--     the resize workers finish photos 3 to 6 still in it and stop at 0.95 and 1.00; only
--     then is the upload queue shut down, and upload still takes the last two out of it;
--   * all 6 photos are uploaded, and no stage knows how many workers the next one has.
local asyncio = require("asyncio")

local function log(fmt, ...) print(string.format("[%.2f] " .. fmt, asyncio.time(), ...)) end

-- Iterates over a queue's items until it is shut down and empty.
local function itemsOf(queue)
    return function()
        local ok, item = pcall(queue.get, queue)
        if ok then return item end
        if not asyncio.QueueShutDown:is(item) then error(item, 0) end  -- a real failure
    end
end

local function fetch(photoCount, outbox)
    for n = 1, photoCount do
        asyncio.sleep(0.05)
        local photo = "photo-" .. n
        if outbox:full() then log("fetch waits: resize queue full") end
        outbox:put(photo)                                -- waits while the queue is full
        log("fetch: queued %s", photo)
    end
    outbox:shutdown()
    log("fetch: done, resize queue shut down")
end

local function resizeWorker(name, inbox, outbox)
    for photo in itemsOf(inbox) do
        asyncio.sleep(0.3)
        log("%s: resized %s", name, photo)
        outbox:put(photo .. " (small)")
    end
    log("%s: resize queue closed and empty, stopping", name)
end

local function resizeStage(inbox, outbox)
    asyncio.gather(function() return resizeWorker("resize-1", inbox, outbox) end,
                   function() return resizeWorker("resize-2", inbox, outbox) end)
    outbox:shutdown()                                    -- every resize worker has stopped
    log("resize: done, upload queue shut down")
end

local function upload(inbox)
    local uploaded = 0
    for photo in itemsOf(inbox) do
        asyncio.sleep(0.1)
        uploaded = uploaded + 1
        log("upload: %s", photo)
    end
    return uploaded
end

local toResize, toUpload = asyncio.Queue(2), asyncio.Queue(2)
local results = asyncio.gather(
    function() return fetch(6, toResize) end,
    function() return resizeStage(toResize, toUpload) end,
    function() return upload(toUpload) end)
log("pipeline finished: %d photos uploaded", results[3])
