-- Attempts: output with NUL bytes inside lines and lines that are only NUL, which C string
-- handling truncates and some report formats cannot carry.
-- Right verdict: 3/3 (hello is a line of its own, 42 returned); every report format still
-- parses.
print("hello")
print("hel\0lo")
print("\0")
io.write("\0\0\0\n")
return 42
