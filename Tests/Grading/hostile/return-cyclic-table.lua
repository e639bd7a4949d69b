-- Attempts: return a table that contains itself (directly, through a chain, and as a key),
-- for the host to copy into the checks' state.
-- Right verdict: 2/3: prints hello; "returns 42" lost (it returned a table); the copy cuts
-- the cycles, never loops or overflows.
print("hello")
local t = {}
t[1] = t
t.self = t
t.chain = { { { t } } }
t[t] = t
return t, t, t
