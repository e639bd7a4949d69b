-- Attempts: a livelock on the virtual clock: a task that only ever sleeps 0 while another
-- waits on a timer, so time can never move.
-- Right verdict: 2/3: prints hello, then stopped — by the instruction limit (likely
-- first) or the livelock report; never a hang.
print("hello")
asyncio.create_task(function() while true do asyncio.sleep(0) end end)
asyncio.sleep(1)
return 42
