-- race: N rounds of three tasks raced with wait(FIRST_COMPLETED); the two losers are
-- cancelled and drained with gather(return_exceptions) (wait, cancel, cleanup).
local N = tonumber(arg[1]) or 20000

local function racer(id, turns)
    for _ = 1, turns do asyncio.sleep(0) end
    return id
end

for round = 1, N do
    local tasks = {
        asyncio.create_task(racer, 1, 1),
        asyncio.create_task(racer, 2, 10),
        asyncio.create_task(racer, 3, 10),
    }
    local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
    if #done ~= 1 or #pending ~= 2 or done[1]:result() ~= 1 then
        error(string.format("race: round %d: %d done, %d pending, winner %s",
            round, #done, #pending, tostring(done[1] and done[1]:result())))
    end
    for _, t in ipairs(pending) do t:cancel() end
    asyncio.gather(pending, { return_exceptions = true })
    for _, t in ipairs(pending) do
        if not t:cancelled() then
            error(string.format("race: round %d: loser %s was not cancelled", round, t:get_name()))
        end
    end
end
