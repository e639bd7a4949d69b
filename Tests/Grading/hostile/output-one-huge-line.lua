-- Attempts: one line of a megabyte (far past the 16 KiB output limit), through print and
-- through io.write with no newline at all.
-- Right verdict: 2/3 with "output limit of 16 KiB exceeded".
print("hello")
print(("x"):rep(1 << 20))
return 42
