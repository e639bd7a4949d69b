-- Attempts: hand asyncio functions arguments with hostile metatables (an __index, __len and
-- __pairs that raise, loop or await) and wrong types: task lists, option tables, sizes,
-- names and messages; everything inside pcall.
-- Right verdict: 3/3: each call fails with a bad-argument error or ignores the metamethods;
-- hello, 42. A host crash here is a bug.
local function refuse() error("metamethod ran") end
local function spin() while true do end end
local hostile = setmetatable({}, { __index = refuse, __len = refuse, __pairs = refuse, __tostring = refuse })
local awaiting = setmetatable({}, { __index = function() asyncio.sleep(1) end, __len = function() asyncio.sleep(1) return 1 end })
local t = asyncio.create_task(function() return 1 end)
local listy = setmetatable({ t }, { __index = refuse, __len = function() return 1e9 end })
local calls = {
    function() return asyncio.gather(hostile) end,
    function() return asyncio.gather(listy) end,
    function() return asyncio.gather({ t }, hostile) end,
    function() return asyncio.gather({ t }, awaiting) end,
    function() return asyncio.wait(listy) end,
    function() return asyncio.wait({ t }, hostile) end,
    function() return asyncio.wait({ t }, { timeout = hostile }) end,
    function() return asyncio.wait({ t, 42, "x" }) end,
    function() return asyncio.as_completed(hostile)() end,
    function() return asyncio.wait_for(t, hostile) end,
    function() return asyncio.Queue(hostile) end,
    function() return asyncio.Queue(math.huge) end,
    function() return asyncio.Queue(-math.huge) end,
    function() return asyncio.Semaphore(-1) end,
    function() return asyncio.Semaphore(math.huge) end,
    function() return asyncio.Semaphore(2 ^ 63) end,
    function() return asyncio.BoundedSemaphore(0 / 0) end,
    function() return asyncio.Barrier(0) end,
    function() return asyncio.Barrier(math.maxinteger) end,
    function() return asyncio.Condition(hostile) end,
    function() return asyncio.Condition(asyncio.Semaphore(3)) end,
    function() return asyncio.PriorityQueue():put({ 0 / 0, "nan" }) end,
    function() return asyncio.PriorityQueue():put(hostile) end,
    function() return t:set_name(hostile) end,
    function() return t:set_name(("n"):rep(1 << 20)) end,
    function() return t:cancel(hostile) end,
    function() return t:add_done_callback(hostile) end,
    function() return t.await(asyncio.Event()) end,
    function() return asyncio.Event().wait(t) end,
    function() return asyncio.create_task(hostile) end,
    function() return asyncio.ensure_future(hostile) end,
    function() return asyncio.task_group(hostile) end,
    function() return asyncio.ExceptionGroup(hostile, hostile) end,
    function() return asyncio.timeout(hostile, print) end,
    function() return asyncio.run(spin == nil) end,
}
for _, call in ipairs(calls) do pcall(call) end
print("hello")
return 42
