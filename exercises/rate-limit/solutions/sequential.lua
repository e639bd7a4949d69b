-- Wrong: the semaphore is there, but each fetch is awaited before the next starts.
local limit = asyncio.Semaphore(3)
local start = asyncio.time()
local pages = {}
for i = 1, 10 do
    pages[i] = limit:with(function()
        asyncio.sleep(0.1 * (i % 4 + 1))
        print("page " .. i .. " fetched")
        return "page-" .. i
    end)
end
print(string.format("fetched %d pages in %.2fs", #pages, asyncio.time() - start))
return pages
