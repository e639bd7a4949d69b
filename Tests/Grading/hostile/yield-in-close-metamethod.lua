-- Attempts: await inside __close of a to-be-closed variable, on a normal exit and on an
-- error exit (pcall), and an error raised from __close.
-- Right verdict: 3/3: Lua 5.4 can yield in __close, so both awaits work; the pcall gets
-- the error from __close; then hello, 42.
local function closer(label)
    return setmetatable({}, { __close = function(_, err) asyncio.sleep(0.1) if err then error(label .. " closed after " .. tostring(err), 0) end end })
end
do local _ <close> = closer("normal") end
local ok, err = pcall(function() local _ <close> = closer("unwound") error("boom", 0) end)
assert(not ok and err == "unwound closed after boom", tostring(err))
print("hello")
return 42
