-- Reference solution: ten fetches through a Semaphore(3), gathered in page order.
local limit = asyncio.Semaphore(3)

local function fetch(i)
    return limit:with(function()
        asyncio.sleep(0.1 * (i % 4 + 1))
        print("page " .. i .. " fetched")
        return "page-" .. i
    end)
end

local start = asyncio.time()
local jobs = {}
for i = 1, 10 do jobs[i] = function() return fetch(i) end end
local pages = asyncio.gather(table.unpack(jobs))
print(string.format("fetched %d pages in %.2fs", #pages, asyncio.time() - start))
return pages
