-- Attempts: make the host's run record enormous at a small cost in Lua memory: every new
-- Event set, Queue put and Semaphore release is recorded per primitive by the grader (for
-- the checks), and these objects are garbage at once, so the Lua heap stays small while the
-- host's record grows until the instruction limit.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded", graded quickly; the
-- record's growth must not make grading slow (a CPU or wall time verdict here means the
-- host's own bookkeeping was the bomb).
print("hello")
while true do
    asyncio.Event():set()
    asyncio.Queue():put_nowait(1)
    asyncio.Semaphore(1):release()
end
