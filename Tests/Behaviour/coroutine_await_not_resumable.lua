-- A coroutine whose await is on its way to the loop belongs to the task that carried it:
-- resuming it by hand would end the wait without a wakeup. So would resuming one whose
-- await was refused (made where nothing can yield). Both resumes are refused instead.
local q = asyncio.Queue()
local co
local carrier = asyncio.create_task(function()
    co = coroutine.create(function() return "got", q:get() end)
    print("carrier:", coroutine.resume(co))
end)
asyncio.sleep(0)
print("by hand:", coroutine.resume(co, true))
q:put_nowait("item")
carrier:await()
print("queue left:", q:qsize())

local stranded
table.sort({ 2, 1 }, function(a, b)
    if not stranded then
        stranded = coroutine.create(function() return q:get() end)
        print("inside sort:", coroutine.resume(stranded))
    end
    return a < b
end)
print("later:", coroutine.resume(stranded, true))
local wrapped = coroutine.wrap(function() return q:get() end)
table.sort({ 2, 1 }, function(a, b) pcall(wrapped) return a < b end)
print(pcall(wrapped))
