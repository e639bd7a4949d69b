-- Cancelling a task that awaits host work cancels the Swift task, and waits for it to stop.
local t = asyncio.create_task(test.hang)
asyncio.sleep(0)
print(t:cancel())
local ok, err = pcall(t.await, t)
print(ok, asyncio.CancelledError:is(err), test.cancellations())
-- wait_for and timeout cancel it too. (On the virtual clock the timer fires only once the
-- hung call is cancelled, so give it real work that ends: sleep 20 ms, 0.5 s timeout.)
print(asyncio.wait_for(function() return test.sleep(20) end, 0.5))
-- A race: the first host call to finish wins, the other is cancelled and waited for.
local fast = asyncio.create_task(test.echo, "fast")
local slow = asyncio.create_task(test.hang)
local done, pending = asyncio.wait({ fast, slow }, { return_when = asyncio.FIRST_COMPLETED })
print(#done, #pending, fast:result())
slow:cancel()
print(pcall(slow.await, slow))
print("cancelled Swift tasks:", test.cancellations())
-- Left waiting at the end, a host call is cancelled with the other leftovers.
asyncio.create_task(test.hang)
asyncio.sleep(0)
