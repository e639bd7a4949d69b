-- Attempts: run a command with io.popen, first through the global io, then through the
-- original io library that package.loaded still holds (require("io")).
-- Right verdict: 1/3, failing with "attempt to call a nil value": the sandbox's io has only
-- write, and require must not hand out the real io library. A 3/3 means `id` ran.
local popen = io.popen or require("io").popen
local pipe = popen("id -u")
if pipe and pipe:read("l") then print("hello") return 42 end
