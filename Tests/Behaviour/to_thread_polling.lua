-- A task that polls a worker with sleep(0) instead of awaiting it still sees it finish, on
-- the virtual clock too: after 1,000 turns at one instant, the loop waits for the worker's
-- completion (a fixed number of turns, so every run is the same).
local worker = asyncio.create_task(asyncio.to_thread, function() return "worked" end)
local turns = 0
while not worker:done() do
    asyncio.sleep(0)
    turns = turns + 1
end
print(worker:result(), turns)
