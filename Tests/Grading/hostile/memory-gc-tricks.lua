-- Attempts: collector games: generational mode with extreme parameters, a pause of 1000%,
-- a finalizer that resurrects its object and makes two more finalizable ones (a finalizer
-- chain reaction), then a steady allocation loop.
-- Right verdict: 1/3: the sandbox refuses its __gc finalizer (setmetatable raises); without
-- that, stopped by a limit — memory (16 MiB) or instructions (2000000) —
-- named in the report; never a crash.
collectgarbage("generational", 100, 100)
collectgarbage("incremental", 1000, 1000, 13)
collectgarbage("setpause", 1000)
local keep = {}
local mt = {}
mt.__gc = function(o)
    keep[#keep + 1] = o
    setmetatable({}, mt)
    setmetatable({}, mt)
end
for _ = 1, 10 do setmetatable({}, mt) end
while true do
    keep[#keep + 1] = ("y"):rep(64) .. #keep
    collectgarbage("step", 1 << 20)
end
