-- Attempts: collectgarbage("stop"), then make garbage that would be freed if the collector
-- ran: the heap only grows.
-- Right verdict: 1/3 with "memory limit of 16 MiB exceeded" (the limit counts the heap as
-- it is, garbage included).
collectgarbage("stop")
while true do local _ = { ("x"):rep(100) .. math.random() } end
