-- Attempts: remove the instruction-count hook with debug.sethook() (from the global debug,
-- else from require("debug")) and then loop forever.
-- Right verdict: 2/3: prints hello, then fails with "attempt to call a nil value": sethook
-- must be unreachable. If the hook can be removed, only the OS's CPU limit stops the loop
-- ("CPU time limit exceeded" after several seconds, 0/3) — the limits were evaded.
print("hello")
local sethook = debug.sethook or require("debug").sethook
sethook()
while true do end
