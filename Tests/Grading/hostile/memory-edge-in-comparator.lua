-- Attempts: run past the memory limit where the count hook cannot stop the script: inside
-- a table.sort comparator (no yield possible, so the hook raises, and a pcall catches it),
-- fill the heap to the allocator's last byte (the limit plus the headroom the host keeps
-- for its own calls), then call host functions that allocate (Event, Queue, create_task,
-- all_tasks, set_name) so that an allocation fails inside host (Swift) code, then raise
-- an error so that the host must describe it with no memory left.
-- Right verdict: 1/3 with "memory limit of 16 MiB exceeded". "crashed: signal N" or "the
-- worker failed" is a host bug.
local chain
local tried = 0
local function at_the_edge()
    local message
    for _ = 1, 20 do
        local ok, err = pcall(function() while true do chain = { chain, chain } end end)
        message = tostring(err)
        if message:find("not enough memory") then break end
    end
    if not message:find("not enough memory") then return false end
    tried = tried + 1
    local me = asyncio.current_task()
    for _, call in ipairs({
        function() return asyncio.Event() end,
        function() return asyncio.Queue(2) end,
        function() return asyncio.Semaphore(3) end,
        function() return asyncio.create_task(function() end) end,
        function() return asyncio.all_tasks() end,
        function() return me:set_name("renamed at the edge of memory " .. tried) end,
        function() return tostring(me) end,
    }) do
        pcall(call)
    end
    return false
end
for _ = 1, 100 do
    pcall(table.sort, { 3, 2, 1 }, at_the_edge)
end
error(setmetatable({}, { __tostring = function() return ("x"):rep(1000) end }))
