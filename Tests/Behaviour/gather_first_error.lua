-- Without return_exceptions, gather raises the first error as soon as it happens; the other children keep running.
local function now() return string.format("%.2f", asyncio.time()) end
local slow = asyncio.create_task(function()
    asyncio.sleep(0.5)
    print(now(), "slow finished")
    return "slow"
end)
local failing = asyncio.create_task(function() asyncio.sleep(0.1); error("first failure", 0) end)
local later = asyncio.create_task(function() asyncio.sleep(0.2); error({ "second failure" }) end)
local ok, err = pcall(asyncio.gather, slow, failing, later)
print(now(), ok, err)
print(slow:done(), later:done())
asyncio.sleep(1)
print(now(), slow:result(), later:done())
