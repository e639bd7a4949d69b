-- Attempts: use package.searchpath, which opens files to see whether they can be read, as an
-- oracle on the grader's file system: it does not read a file, but it tells whether any
-- path exists and is readable (/etc/shadow says whether the grader runs as root; a
-- classmate's submission can be found by name).
-- Right verdict: 1/3, failing with "no file oracle": a sandboxed script should not probe
-- the file system. A 3/3 means searchpath found /etc/passwd.
local searchpath = package.searchpath
if searchpath and searchpath("passwd", "/etc/?") then print("hello") return 42 end
error("no file oracle", 0)
