-- Attempts: create a file with io.open(path, "w"), through the global io or require("io").
-- Right verdict: 1/3, failing with "attempt to call a nil value": no files in the sandbox.
-- A 3/3 means /tmp/tide-hostile-escape.txt was written.
local open = io.open or require("io").open
local file = open("/tmp/tide-hostile-escape.txt", "w")
if file and file:write("escaped\n") then file:close() print("hello") return 42 end
