-- Attempts: an uncaught error whose message is 6 MB (well within the memory limit): the
-- output limit does not apply to error messages, so the grade's output would carry it all.
-- Right verdict: 2/3: prints hello, fails; the reported message is cut to a sensible size
-- (the report should not grow by megabytes).
print("hello")
error(("E"):rep(6 << 20), 0)
