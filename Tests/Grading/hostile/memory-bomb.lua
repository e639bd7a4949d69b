-- A table that grows until the allocator cap stops it.
local t = {}
for i = 1, math.huge do t[i] = string.rep("x", 1024) .. i end
