-- A timeout left armed in an abandoned coroutine dies with its task (once a Swift trap).
local A = asyncio.create_task(function()
  local co = coroutine.create(function() asyncio.timeout(0.5, function() coroutine.yield() end) end)
  coroutine.resume(co) end)
A:await(); A = nil; collectgarbage(); asyncio.sleep(1)
print("survived")
