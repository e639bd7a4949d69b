-- Attempts: read /etc/passwd by every route a script might find: io.open with an absolute
-- path and with ../ climbing out of the readable folder, io.lines, dofile, loadfile,
-- require("io"), package.loaded.io, and a package.path search.
-- Right verdict: 1/3, failing ("no route to a file"); nothing is read. A 3/3 means the file
-- was read.
local routes = {
    function() return io.open("/etc/passwd"):read("l") end,
    function() return io.open("../../../../../../../../etc/passwd"):read("l") end,
    function() return io.open("./.././../../../../../../../etc//passwd"):read("l") end,
    function() for line in io.lines("/etc/passwd") do return line end end,
    function() return dofile("/etc/passwd") end,
    function() return loadfile("/etc/passwd") end,
    function() return require("io").open("/etc/passwd"):read("l") end,
    function() return package.loaded.io.open("/etc/passwd"):read("l") end,
    function() package.path = "/etc/?"; return require("passwd") end,
}
for _, route in ipairs(routes) do
    local ok, line = pcall(route)
    if ok and type(line) == "string" and line:find("root") then print("hello") return 42 end
end
error("no route to a file", 0)
