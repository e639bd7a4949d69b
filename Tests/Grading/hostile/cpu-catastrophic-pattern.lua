-- Attempts: a Lua pattern with catastrophic backtracking, ("a"):rep(30) matched against
-- ("a*"):rep(30) .. "b": about 10^17 steps, all inside one C call (string.find), where
-- no Lua instruction runs and so the count hook never fires.
-- Right verdict: 2/3, stopped by a limit that names time: the wall time limit (2 s) or,
-- as a backstop, the worker's CPU limit; never a hang of the grader.
print("hello")
return string.find(("a"):rep(30), ("a*"):rep(30) .. "b") or 42
