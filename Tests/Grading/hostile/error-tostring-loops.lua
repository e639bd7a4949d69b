-- Attempts: an error object whose __tostring loops forever, so that the host's own
-- description of the error (run outside any task) spins.
-- Right verdict: 2/3, stopped with "instruction limit of 2000000 exceeded" (or failed with
-- the object described generically); never a hang.
print("hello")
error(setmetatable({}, { __tostring = function() while true do end end }))
