-- Attempts: nothing: it does not compile (an unclosed call).
-- Right verdict: 1/3: the run fails to load, with the syntax error named.
print("hello"
return 42
