-- A timeout whose CancelledError is caught inside its block cannot raise TimeoutError:
-- the run goes on past the deadline, and Tide says so. asyncio.pcall catches failures
-- but lets CancelledError through, so the deadline holds.
local function fetch(catch)
    local ok, err = catch(asyncio.sleep, 2)
    print("fetch carried on", ok, err)
    asyncio.sleep(1)
    return "late"
end

print(asyncio.timeout(0.5, fetch, pcall), asyncio.time())

local ok, err = pcall(asyncio.timeout, 0.5, fetch, asyncio.pcall)
print(ok, err, asyncio.time())

-- asyncio.pcall still catches what is not a cancellation.
print(asyncio.pcall(error, asyncio.ValueError("bad")))
print(asyncio.pcall(function() return 1, 2 end))

-- A deadline that passes after the block caught something else says nothing.
print(asyncio.timeout(5, function() return pcall(error, "x") end))
