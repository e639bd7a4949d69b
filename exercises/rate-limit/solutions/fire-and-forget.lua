-- Wrong: tasks are created but never awaited; the script reports before they finish.
local limit = asyncio.Semaphore(3)
local start = asyncio.time()
for i = 1, 10 do
    asyncio.create_task(function()
        limit:with(function()
            asyncio.sleep(0.1 * (i % 4 + 1))
            print("page " .. i .. " fetched")
        end)
    end)
end
asyncio.sleep(0.5)
print(string.format("fetched %d pages in %.2fs", 10, asyncio.time() - start))
