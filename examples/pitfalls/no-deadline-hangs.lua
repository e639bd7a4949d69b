-- Pitfall: a call without a deadline (example 24.3 without wait_for).
--
-- The reply never comes, and nothing limits the wait: in asyncio the program hangs. On
-- the virtual clock Tide sees that nothing can ever wake the caller and reports a
-- deadlock with the chain of who waits for whom. The fix: asyncio.wait_for(call, 0.5).
local reply = asyncio.Event()  -- the server never sets it

local function callApi()
    reply:wait()
    return "response"
end

print("calling...")
print(asyncio.create_task(callApi):await())
