-- Attempts: print a million lines.
-- Right verdict: 2/3 with "output limit of 16 KiB exceeded": hello is the first line, and
-- the run never returns.
print("hello")
for i = 1, 1000000 do print(i) end
return 42
