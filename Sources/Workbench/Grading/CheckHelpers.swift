/// Helpers every exercise file may use in its checks (docs/grading.md, "Helpers").
enum CheckHelpers {
    static let source = #"""
    -- The first printed line that matches the Lua pattern, with its record ({time=, text=}).
    function printed(run, pattern)
        for _, line in ipairs(run.output) do
            if line.text:find(pattern) then return line end
        end
        return nil
    end

    -- The first item of the list for which the predicate holds.
    function find(list, predicate)
        for _, item in ipairs(list) do
            if predicate(item) then return item end
        end
        return nil
    end

    -- How many items of the list the predicate holds for.
    function count(list, predicate)
        local n = 0
        for _, item in ipairs(list) do
            if predicate(item) then n = n + 1 end
        end
        return n
    end

    -- The task record with this name (Task-1 is the main task).
    function task(run, name)
        return find(run.tasks, function(t) return t.name == name end)
    end

    -- The first diagnostic of this kind ("deadlock", "pending", "held-at-finish", ...).
    function diagnostic(run, kind)
        return find(run.diagnostics, function(d) return d.kind == kind end)
    end

    -- A path inside the exercise folder (checks run wherever `tide grade` was started).
    function exercise_path(relative)
        return exercise_folder .. "/" .. relative
    end

    -- Each run's value of f, and whether they are all equal.
    function same_across_seeds(runs, f)
        local first = f(runs[1])
        for i = 2, #runs do
            if f(runs[i]) ~= first then return false end
        end
        return true
    end
    """#
}
