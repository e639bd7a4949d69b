-- Attempts: an uncaught error message full of what breaks reports: NUL, ESC sequences,
-- "]]>", "</system-out>", quotes, invalid UTF-8, a YAML document end.
-- Right verdict: 2/3: prints hello, fails; every format still parses.
print("hello")
error("\0\27[2J]]></system-out>\"'<&>\xff\xfe\n...\n---\nnot ok 9", 0)
