-- A coroutine made inside a task (generator, coroutine.wrap, coroutine.resume) may await: the await passes through to the loop.
local function now() return string.format("%.2f", asyncio.time()) end
local function ticks(n, delay)
    return coroutine.wrap(function()
        for i = 1, n do
            asyncio.sleep(delay)
            coroutine.yield(i, now())
        end
    end)
end
local other = asyncio.create_task(function()
    for i = 1, 3 do
        print(now(), "other", i)
        asyncio.sleep(0.25)
    end
end)
for i, at in ticks(3, 0.1) do print(now(), "tick", i, at) end
other:await()

local co = coroutine.create(function(x)
    asyncio.sleep(0.5)
    local y = coroutine.yield(x + 1)
    asyncio.sleep(0.5)
    return y * 2
end)
local ok, value = coroutine.resume(co, 1)
print(now(), "resume 1:", ok, value)
ok, value = coroutine.resume(co, 10)
print(now(), "resume 2:", ok, value, coroutine.status(co))

-- Cancelling the task while its generator awaits: the error comes out of the generator.
local t = asyncio.create_task(function()
    local gen = coroutine.wrap(function()
        local _ <close> = setmetatable({}, { __close = function() print("generator closed") end })
        asyncio.sleep(10)
        coroutine.yield("never")
    end)
    local ok, err = pcall(gen)
    print(now(), "task saw", tostring(err))
    error(err, 0)
end)
asyncio.sleep(0.1)
t:cancel()
print(pcall(t.await, t))
