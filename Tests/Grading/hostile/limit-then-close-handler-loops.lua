-- Attempts: hit the instruction limit inside a sort comparator (where the limit can only
-- raise, and Lua turns hooks off), so that a pending __close handler would then run with
-- no limit at all. Right verdict: 1/3 with the instruction limit; the handler never runs
-- unlimited.
local x <close> = setmetatable({}, { __close = function() while true do end end })
table.sort({ 5, 4, 3, 2, 1, 9, 8, 7, 6 }, function() while true do end end)
