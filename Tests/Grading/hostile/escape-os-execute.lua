-- Attempts: run a shell command with os.execute (and, failing that, through os reached
-- by require("os")).
-- Right verdict: 1/3. The sandbox removes os.execute, so the call raises "attempt to call a
-- nil value"; the run fails before printing. Only the hidden seed check passes (both seeds
-- print nothing). A 3/3 here means a shell command ran.
local execute = os.execute or require("os").execute
local ok = execute("true")
if ok then print("hello") return 42 end
