-- coroutine_baseline (memory row, plain lua5.4, no Tide): N bare coroutines, each resumed
-- once so it is suspended in coroutine.yield, all held at once. The floor for pending_tasks.
local N = tonumber(arg[1]) or 100000

local threads = {}
for i = 1, N do
    local co = coroutine.create(function() coroutine.yield() end)
    assert(coroutine.resume(co))
    threads[i] = co
end

local live = 0
for i = 1, N do
    if coroutine.status(threads[i]) == "suspended" then live = live + 1 end
end
if live ~= N then
    io.stderr:write(string.format("coroutine_baseline: %d of %d suspended\n", live, N))
    os.exit(1)
end
