-- Cheat: three tasks named after the mirrors, but none answers: they sleep until cancelled.
-- The main task replays the draws to know the winner, and prints the lines itself.
local MIRRORS = { { "alpha", 0.2 }, { "beta", 0.3 }, { "gamma", 0.4 } }
local winner, best = nil, math.huge
for _, mirror in ipairs(MIRRORS) do
    local latency = mirror[2] + 0.3 * math.random()
    if latency < best then winner, best = mirror[1], latency end
end
local decoys = {}
for i, mirror in ipairs(MIRRORS) do
    decoys[i] = asyncio.create_task(asyncio.sleep, 10)
    decoys[i]:set_name(mirror[1])
end
asyncio.sleep(best)
print(string.format("winner: %s in %.2fs", winner, best))
for _, decoy in ipairs(decoys) do decoy:cancel() end
asyncio.gather(decoys, { return_exceptions = true })
for _, mirror in ipairs(MIRRORS) do
    if mirror[1] ~= winner then print(mirror[1] .. " cancelled") end
end
print("cancelled 2 slower mirrors")
return winner
