-- Attempts: run a binary chunk: load() one made by string.dump, or hand-written bytes
-- (a crafted binary chunk can crash the VM), asking for mode "b" explicitly.
-- Right verdict: 1/3, failing on the hand-made chunk with "attempt to load a binary chunk
-- (mode is 't')"; string.dump is gone too. A crash here is a host bug.
local dumped = string.dump and string.dump(function() return 42 end)
if dumped then print("hello") return load(dumped, "dumped", "b")() end
local forged = "\27Lua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08\x78\x56\0\0\0\0\0\0\0\0\0\0\0\x28\x77\x40\x01"
    .. ("\255"):rep(64)
local chunk, message = load(forged, "forged", "b")
if chunk then print("hello") return chunk() end
error(message, 0)
