-- asyncio.wait with a timeout returns what finished by then and leaves the rest running; an empty list raises ValueError.
local function now() return string.format("%.2f", asyncio.time()) end
local a = asyncio.create_task(asyncio.sleep, 0.1, "a")
local b = asyncio.create_task(asyncio.sleep, 0.5, "b")
local done, pending = asyncio.wait({ b, a }, { timeout = 0.3 })
print(now(), #done, #pending, done[1] == a, pending[1] == b, b:cancelled(), b:done())
print(b:await(), now())

-- All finished before the timeout: returns when the last one does.
local c = asyncio.create_task(asyncio.sleep, 0.2)
done, pending = asyncio.wait({ c }, { timeout = 10 })
print(now(), #done, #pending)

local ok, err = pcall(asyncio.wait, {})
print(ok, asyncio.ValueError:is(err), tostring(err))
ok, err = pcall(asyncio.wait, { c }, { return_when = "SOMETIMES" })
print(ok, asyncio.ValueError:is(err), tostring(err))
