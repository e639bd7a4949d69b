-- Rate limit with a semaphore (lecture example 24.1). See docs/grading.md for the format.
local function duration(i) return 0.1 * (i % 4 + 1) end
local LONGEST = 0.4  -- the slowest fetch: no run that fetches can end sooner

-- The best finish time with three slots, taking pages in order as they free up.
local function best_elapsed()
    local slots = { 0, 0, 0 }
    for i = 1, 10 do
        table.sort(slots)
        slots[1] = slots[1] + duration(i)
    end
    table.sort(slots)
    return slots[3]
end

-- The work behind each page: which task printed `page <i> fetched`, by page. Checks trust
-- this, not the text alone: a line the main task prints was fetched by nobody.
local function fetchers(run)
    local by_page, problem = {}, nil
    for _, line in ipairs(run.output) do
        local i = tonumber(line.text:match("^page (%d+) fetched$"))
        if i then
            if line.task == 1 or line.task == nil then
                problem = problem or ("page " .. i .. " was printed by the main task, not by a fetch of its own")
            end
            by_page[i] = line.task
        end
    end
    return by_page, problem
end

-- The semaphores the run used: the highest peak and how many times slots were given back.
local function semaphores(run)
    local peak, releases, used = 0, 0, false
    for name, primitive in pairs(run.primitives) do
        if name:match("^Semaphore#") or name:match("^BoundedSemaphore#") then
            used = true
            peak = math.max(peak, primitive.peak)
            releases = releases + (primitive.operations.release or 0)
        end
    end
    return used, peak, releases
end

---@type grading.Exercise
return {
    title = "Rate limit: at most three fetches at a time",
    statement = "statement.md",
    reference = "solutions/reference.lua",
    seeds = { 1, 2 },
    points = 10,
    limits = { memory = "32M", instructions = 5000000, wall_time = 5, tasks = 200, output = "64K" },
    checks = {
        {
            name = "every page is fetched once",
            points = 2,
            feedback = "Each page 1..10 should print `page <i> fetched` exactly once.",
            check = function(run)
                local seen = {}
                for _, line in ipairs(run.lines) do
                    local i = tonumber(line:match("^page (%d+) fetched$"))
                    if i then seen[i] = (seen[i] or 0) + 1 end
                end
                for i = 1, 10 do
                    if seen[i] ~= 1 then return false, "page " .. i .. " was fetched " .. (seen[i] or 0) .. " times" end
                end
                -- A fetch runs in a task of its own, or at least holds the semaphore (one
                -- after the other); a line the main task prints outside both fetched nothing.
                local _, problem = fetchers(run)
                local _, _, releases = semaphores(run)
                if problem and releases < 10 then return false, problem end
                return true
            end,
        },
        {
            name = "never more than three at once",
            points = 3,
            feedback = "Guard the fetch with asyncio.Semaphore(3), so at most three run at the same time.",
            check = function(run)
                local used, peak, releases = semaphores(run)
                if not used then return false, "no Semaphore was used" end
                if peak > 3 then return false, peak .. " fetches held the semaphore at once" end
                if peak < 3 then return false, "only " .. peak .. " at once: the limit is three" end
                -- Each fetch that finished gave its slot back: a peak of three with fewer
                -- releases than pages is a semaphore held for show.
                local fetched = count(run.lines, function(l) return l:match("^page %d+ fetched$") end)
                if releases < fetched then
                    return false, string.format("%d pages were fetched but the semaphore gave a slot back %d times: "
                        .. "each fetch should hold one", fetched, releases)
                end
                return true
            end,
        },
        {
            name = "the fetches overlap",
            points = 2,
            feedback = "Start all the fetches at once (gather or tasks), and wait for them all.",
            check = function(run)
                local best = best_elapsed()
                if count(run.lines, function(l) return l:match("^page %d+ fetched$") end) < 10 then
                    return false, "not every page was fetched"
                end
                -- Faster than the slowest fetch alone: the fetches did not take their time.
                if run.elapsed < LONGEST - 1e-9 then
                    return false, string.format("the run took %.2fs, less than one fetch of page 3 takes (%.2fs)",
                        run.elapsed, LONGEST)
                end
                if run.elapsed <= best + 1e-9 then
                    -- Full marks need the fetches to be tasks of their own, not timed prints.
                    local _, problem = fetchers(run)
                    if problem then return false, problem end
                    return true
                end
                -- Partial credit as the run gets closer to the best time.
                return math.max(0, (5.5 - run.elapsed) / (5.5 - best)),
                    string.format("the run took %.2fs; three at a time it takes %.2fs", run.elapsed, best)
            end,
        },
        {
            name = "prints the summary line",
            points = 1,
            feedback = "End with `fetched 10 pages in <t>s`, the elapsed time to two decimals.",
            check = function(run)
                local last = run.lines[#run.lines]
                return last == string.format("fetched 10 pages in %.2fs", run.elapsed)
            end,
        },
        {
            name = "returns the pages in order",
            points = 1,
            visibility = "after_due_date",
            feedback = "The main chunk should return {\"page-1\", ..., \"page-10\"} in page order.",
            check = function(run)
                local pages = run.returned[1]
                if type(pages) ~= "table" or #pages ~= 10 then return false end
                for i = 1, 10 do
                    if pages[i] ~= "page-" .. i then return false end
                end
                return true
            end,
        },
        {
            name = "leaves nothing running",
            points = 1,
            feedback = "Every task should be finished (and no semaphore slot held) when the script ends.",
            check = function(run, runs)
                for _, r in ipairs(runs) do
                    if r.ending ~= "completed" then return false, "the run ended: " .. r.ending end
                    if diagnostic(r, "pending") or diagnostic(r, "held-at-finish") then return false end
                end
                return true
            end,
        },
    },
}
