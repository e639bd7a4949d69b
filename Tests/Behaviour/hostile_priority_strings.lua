-- A PriorityQueue reads its string priorities in place: nothing a script can reach holds
-- them, so no script can free one under the queue (debug.getuservalue is withheld), and a
-- put the queue refuses leaves nothing behind.
print("getuservalue withheld:", debug.getuservalue == nil, debug.setuservalue == nil)
local q = asyncio.PriorityQueue(3)
for i = 3, 1, -1 do q:put_nowait({ string.rep("m", 300000) .. i, i }) end
local ok, err = pcall(q.put_nowait, q, { string.rep("a", 10), "refused" })
print("full queue refuses:", ok, tostring(err), q:qsize())
collectgarbage()
collectgarbage()
for _ = 1, 50 do local t = {} for j = 1, 1000 do t[j] = j end end
local order = {}
while not q:empty() do order[#order + 1] = q:get_nowait()[2] end
print("order:", table.concat(order, " "))
