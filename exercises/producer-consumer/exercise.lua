-- Producer and consumers joined by a bounded queue (lecture example 24.4). See docs/grading.md
-- for the format.
local ITEMS, CONSUMERS, CAPACITY = 12, 3, 3
local PACE, WORK = 0.05, 0.3  -- the producer's sleep between items, a consumer's time per item
local EPSILON = 1e-9

-- When the last item is processed at best: item i is ready at PACE * (i - 1), and each
-- item goes to the consumer that is free first.
local function best_finish()
    local free = {}
    for c = 1, CONSUMERS do free[c] = 0 end
    for i = 1, ITEMS do
        table.sort(free)
        free[1] = math.max(free[1], PACE * (i - 1)) + WORK
    end
    table.sort(free)
    return free[CONSUMERS]
end

-- The queues the run used (Queue#1, Queue#2, ...), by name.
local function queues(run)
    local found = {}
    for name, primitive in pairs(run.primitives) do
        if name:match("^Queue#") then found[name] = primitive end
    end
    return found
end

-- The times of the `consumer <c> processed <i>` lines, in the order printed.
local function processed_times(run)
    local times = {}
    for _, line in ipairs(run.output) do
        if line.text:match("^consumer [123] processed %d+$") then times[#times + 1] = line.time end
    end
    return times
end

-- The work behind the `consumer <c> processed <i>` lines: each consumer number must print
-- from one task of its own, not the main task, and the three from three tasks. Returns how
-- many consumer tasks printed, or nil and what is wrong (a timetable of prints is no consumer).
local function consumer_tasks(run)
    local task_of, tasks, count_of_tasks = {}, {}, 0
    for _, line in ipairs(run.output) do
        local c = line.text:match("^consumer ([123]) processed %d+$")
        if c then
            if line.task == 1 or line.task == nil then
                return nil, "consumer " .. c .. "'s lines were printed by the main task, not by a consumer task"
            end
            if task_of[c] and task_of[c] ~= line.task then
                return nil, "consumer " .. c .. "'s lines were printed by more than one task"
            end
            task_of[c] = line.task
            if not tasks[line.task] then tasks[line.task], count_of_tasks = true, count_of_tasks + 1 end
        end
    end
    local numbers = 0
    for _ in pairs(task_of) do numbers = numbers + 1 end
    if count_of_tasks < numbers then
        return nil, string.format("%d consumers printed from only %d task%s: each consumer is a task of its own",
            numbers, count_of_tasks, count_of_tasks == 1 and "" or "s")
    end
    return count_of_tasks
end

-- "Task-2", "Task-2 and Task-3", "Task-2, Task-3 and Task-4".
local function names(list)
    if #list == 1 then return list[1] end
    return table.concat(list, ", ", 1, #list - 1) .. " and " .. list[#list]
end

---@type grading.Exercise
return {
    title = "Producer and consumers: a bounded queue with a sentinel",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2 },
    points = 10,
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 200, output = "64K" },
    checks = {
        {
            name = "every item is produced and processed once",
            points = 2,
            feedback = "Print `produced <i>` once for each item 1..12, and have the consumers (numbered 1 to 3) "
                .. "print `consumer <c> processed <i>` once for each.",
            check = function(run, runs)
                for _, r in ipairs(runs) do
                    local produced, processed = {}, {}
                    for _, line in ipairs(r.lines) do
                        local i = tonumber(line:match("^produced (%d+)$"))
                        if i then produced[i] = (produced[i] or 0) + 1 end
                        i = tonumber(line:match("^consumer [123] processed (%d+)$"))
                        if i then processed[i] = (processed[i] or 0) + 1 end
                    end
                    for i = 1, ITEMS do
                        if produced[i] ~= 1 then
                            return false, "item " .. i .. " was produced " .. (produced[i] or 0) .. " times"
                        end
                        if processed[i] ~= 1 then
                            return false, "item " .. i .. " was processed " .. (processed[i] or 0) .. " times"
                        end
                    end
                    local consumers, problem = consumer_tasks(r)
                    if not consumers then return false, problem end
                end
                return true
            end,
        },
        {
            name = "the queue is bounded at three",
            points = 2,
            feedback = "Create the queue with asyncio.Queue(3): with a maxsize, put waits while it is full.",
            check = function(run, runs)
                for _, r in ipairs(runs) do
                    local peak, used = 0, false
                    for _, queue in pairs(queues(r)) do
                        used = true
                        peak = math.max(peak, queue.peak)
                    end
                    if not used then return false, "no asyncio.Queue was used" end
                    if peak > CAPACITY then return false, "the queue held " .. peak .. " items at once" end
                    if peak < CAPACITY then
                        return false, "the queue never held more than " .. peak .. ": its maxsize should be three"
                    end
                    -- Every item passes through the queue: a queue filled once for its peak is not the work.
                    local carried = 0
                    for _, queue in pairs(queues(r)) do carried = carried + math.min(queue.operations.put or 0, queue.operations.get or 0) end
                    if carried < ITEMS then
                        return false, string.format("only %d items went through the queue; all %d should", carried, ITEMS)
                    end
                end
                return true
            end,
        },
        {
            name = "the producer waits while the queue is full",
            points = 1,
            feedback = "The producer must not run ahead of the consumers: at most three items wait in the queue "
                .. "and three are in the consumers' hands. Print `produced <i>` after put returns.",
            check = function(run, runs)
                for _, r in ipairs(runs) do
                    local done = processed_times(r)
                    local produced = count(r.lines, function(l) return l:match("^produced %d+$") end)
                    if produced < ITEMS then return false, "only " .. produced .. " items were produced" end
                    for _, line in ipairs(r.output) do
                        local i = tonumber(line.text:match("^produced (%d+)$"))
                        if i then
                            local finished = count(done, function(t) return t <= line.time + EPSILON end)
                            if i - finished > CAPACITY + CONSUMERS then
                                return false, string.format("item %d was produced at %.2fs, when only %d items had "
                                    .. "been processed: the producer was %d ahead", i, line.time, finished, i - finished)
                            end
                        end
                    end
                end
                return true
            end,
        },
        {
            name = "the consumers work in parallel",
            points = 2,
            feedback = "Run all three consumers at the same time, each taking the next item from the queue.",
            check = function(run, runs)
                local best = best_finish()
                for _, r in ipairs(runs) do
                    local done = processed_times(r)
                    if #done < ITEMS then return false, "only " .. #done .. " items were processed" end
                    local last = math.max(table.unpack(done))
                    -- One producer step of slack, for a producer that sleeps before it puts.
                    if last > best + PACE + EPSILON then
                        return false, string.format(
                            "the last item was processed at %.2fs; three consumers side by side finish at %.2fs",
                            last, best)
                    end
                    local consumers, problem = consumer_tasks(r)
                    if not consumers then return false, problem end
                    if consumers < CONSUMERS then
                        return false, "only " .. consumers .. " consumer task" .. (consumers == 1 and "" or "s") .. " processed items"
                    end
                end
                return true
            end,
        },
        {
            name = "every consumer stops at a sentinel",
            points = 2,
            feedback = "Put one \"done\" on the queue per consumer after the last item (or have each consumer put it "
                .. "back), and let each consumer return when it takes one. Do not cancel the consumers.",
            check = function(run, runs)
                for _, r in ipairs(runs) do
                    if r.ending == "deadlock" then
                        -- When, and the tasks stuck on a queue (the consumers), from Tide's report.
                        local report = diagnostic(r, "deadlock")
                        local text = report and report.message or ""
                        local lines = { "the run ended in a deadlock" .. (text:match("^deadlock( at [%d.]+s)") or "") }
                        for line in text:gmatch("[^\n]+") do
                            if line:find(" waits on Queue#", 1, true) then lines[#lines + 1] = line end
                        end
                        if #lines > 1 then lines[1] = lines[1] .. ", with consumers still waiting for an item:" end
                        return false, table.concat(lines, "\n")
                    end
                    if r.ending ~= "completed" then
                        local report = diagnostic(r, "error")
                        return false, "the run ended: " .. r.ending
                            .. (report and (": " .. report.message:match("^[^\n]*")) or "")
                    end
                    local cancelled, failed, pending = {}, {}, {}
                    for index, t in ipairs(r.tasks) do
                        if index > 1 then
                            if t.left_pending or t.state == "pending" then
                                pending[#pending + 1] = t.name
                            elseif t.cancelled then
                                cancelled[#cancelled + 1] = t.name
                            elseif t.state ~= "done" then
                                failed[#failed + 1] = t.name
                            end
                        end
                    end
                    if #pending > 0 then
                        return false, names(pending) .. (#pending == 1 and " was" or " were")
                            .. " still waiting when the script ended"
                    end
                    if #cancelled > 0 then
                        return false, names(cancelled) .. (#cancelled == 1 and " was" or " were") .. " cancelled"
                    end
                    if #failed > 0 then return false, names(failed) .. " failed" end
                    -- Each consumer that printed takes one sentinel after the twelve items.
                    local consumers, problem = consumer_tasks(r)
                    if not consumers then return false, problem end
                    if consumers == 0 then return false, "no consumer task processed an item" end
                    local gets = 0
                    for _, queue in pairs(queues(r)) do gets = gets + (queue.operations.get or 0) end
                    local sentinels = gets - ITEMS
                    if sentinels < consumers then
                        if sentinels <= 0 then
                            return false, "the consumers took " .. gets .. " items from the queue, and no sentinel"
                        end
                        return false, string.format("the consumers took only %d sentinel%s from the queue, "
                            .. "for %d consumers", sentinels, sentinels == 1 and "" or "s", consumers)
                    end
                end
                return true
            end,
        },
        {
            name = "prints and returns the total",
            points = 1,
            visibility = "after_due_date",
            feedback = "After every task has finished, print `total <n>` (the number of items processed, 12) "
                .. "and return n from the main chunk.",
            check = function(run, runs)
                for _, r in ipairs(runs) do
                    if r.ending ~= "completed" then
                        return false, "the script did not finish (the run ended: " .. r.ending .. ")"
                    end
                    local last = r.lines[#r.lines]
                    if last ~= "total " .. ITEMS then
                        return false, "the last line was " .. (last and ("`" .. last .. "`") or "missing")
                    end
                    if r.returned[1] ~= ITEMS then
                        return false, "the main chunk returned " .. tostring(r.returned[1])
                    end
                end
                return true
            end,
        },
    },
}
