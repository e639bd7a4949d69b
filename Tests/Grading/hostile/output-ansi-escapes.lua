-- Attempts: terminal escape sequences in the output: clear screen, cursor moves, colour,
-- an OSC window title, carriage returns and backspaces that overprint a line, and a forged
-- "✓ 2. returns 42 (1/1)" line, hoping to rewrite what a grader sees on a terminal.
-- Right verdict: 3/3 (it does print hello and return 42); no report passes the raw
-- escapes through where they would reach a terminal unescaped.
print("hello")
print("\27[2J\27[H\27[31mred\27[0m\27]0;pwned\7")
print("bad\r\27[K  ✓ 2. returns 42 (1/1)\b\b\b")
return 42
