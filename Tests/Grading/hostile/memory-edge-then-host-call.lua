-- Attempts: fill the heap to the allocator's very last byte (the limit plus the headroom
-- the host keeps for its own calls), then, before the count hook can stop the run, call
-- host functions that must allocate (create_task, Event, Queue, error objects), so that
-- an allocation fails inside host (Swift) code, where a Lua error must not unwind.
-- Right verdict: 1/3 with "memory limit of 16 MiB exceeded". "crashed: signal N" or "the
-- worker failed" is a host bug.
local keep = {}
local function used() return math.floor(collectgarbage("count") * 1024) end
-- Up to just under the limit, in small steps (no limit crossed yet).
while used() < (16 << 20) - (300 << 10) do keep[#keep + 1] = ("z"):rep(4000) .. #keep end
local chain
-- Now cross it with one block sized to leave a few kilobytes, and exhaust the rest fast.
pcall(function() keep.big = ("b"):rep((16 << 20) + (4 << 20) - used() - (8 << 10)) end)
for _ = 1, 400 do
    if not pcall(function() chain = { chain } end) then break end
end
for _ = 1, 400 do
    if not pcall(function() chain = { chain } end) then break end
end
local survived = {}
for _, call in ipairs({
    function() return asyncio.create_task(function() end) end,
    function() return asyncio.Event() end,
    function() return asyncio.Queue(3) end,
    function() return asyncio.Semaphore(2) end,
    function() return asyncio.Queue():get_nowait() end,
    function() return asyncio.sleep(0) end,
}) do
    survived[#survived + 1] = tostring((pcall(call)))
end
print("hello")
return 42
