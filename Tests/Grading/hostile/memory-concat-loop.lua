-- Attempts: grow a string by concatenation (s = s .. s), each step doubling it.
-- Right verdict: 1/3 with "memory limit of 16 MiB exceeded".
local s = "hello"
while true do s = s .. s end
