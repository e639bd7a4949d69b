-- Attempts: string.dump, directly and through the string metatable's __index and
-- require("string"), to get bytecode it could then patch.
-- Right verdict: 1/3, failing with "no string.dump": it is removed from the shared table.
local dump = string.dump or ("").dump or require("string").dump
if dump then
    local bytes = dump(print)
    print("hello")
    return #bytes > 0 and 42
end
error("no string.dump", 0)
