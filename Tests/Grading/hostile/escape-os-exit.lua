-- Attempts: os.exit(0) before printing anything, which would end the worker with status 0
-- and no grade, or os.exit(true, true) through require("os").
-- Right verdict: 1/3, failing with "attempt to call a nil value": os.exit is removed, and
-- the worker must never be ended by the script. "the worker failed" here is a host bug.
local exit = os.exit or require("os").exit
exit(0, true)
