-- Attempts: write through io.write only, and never end the last line with a newline
-- ("hel" .. "lo"), as many students do: the sandbox's io.write buffers a partial line.
-- Right verdict: 3/3: the output is "hello" (a final unterminated line is still output).
io.write("hel")
io.write("lo")
return 42
