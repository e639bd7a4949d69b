-- Attempts: read the exercise's own files, which hold the checks (hidden ones included) and
-- would name the reference solution: io.open may read the exercise's files/ folder (here
-- holding data.txt), so climb out of it with ../, with a doubled slash, and by an absolute
-- path built from arg[0]. The script would copy the expected answer out of the checks.
-- Right verdict: 1/3, failing with "the exercise is not readable" (data.txt itself is
-- readable, proving io.open works). A 3/3 means it read the checks and solved the exercise
-- from them.
assert(io.open("data.txt"):read("l"):find("hostile battery"), "files/data.txt should be readable")
local text
for _, path in ipairs({ "../exercise.lua", "..//exercise.lua", "./../files/../exercise.lua", "data.txt/../../exercise.lua",
    "/proc/self/cwd/Tests/Grading/hostile-exercise/exercise.lua", (arg and arg[0] or "") .. "/../../hostile-exercise/exercise.lua" }) do
    local file = io.open(path)
    text = file and file:read("a")
    if text then break end
end
if not text then error("the exercise is not readable", 0) end
local word = text:match('printed%(run, "%^(%a+)%$"%)')
local number = tonumber(text:match("returned%[1%] == (%d+)"))
print(word)
return number
