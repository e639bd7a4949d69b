-- The exercise the hostile battery is graded against: print "hello" and return 42.
-- Tight limits, so that each bomb is stopped in a fraction of a second.
---@type grading.Exercise
return {
    title = "Hostile battery",
    seeds = { 1, 2 },
    limits = { memory = "16M", instructions = 2000000, wall_time = 2, tasks = 100, output = "16K" },
    checks = {
        {
            name = "prints hello",
            points = 1,
            feedback = "Print hello.",
            check = function(run) return printed(run, "^hello$") ~= nil end,
        },
        {
            name = "returns 42",
            points = 1,
            feedback = "Return 42 from the main chunk.",
            check = function(run) return run.returned[1] == 42 end,
        },
        {
            name = "the same on every seed",
            points = 1,
            visibility = "hidden",
            check = function(_, runs)
                return same_across_seeds(runs, function(r) return table.concat(r.lines, "\n") end)
            end,
        },
    },
}
