-- Reference solution: every attempt under wait_for(0.5), three attempts per order, all orders at once.
local sim = require("sim")
local payments = sim.service{ name = "payments", latency = { 0.1, 0.4 }, hangs = 0.2,
    respond = function(order) return "receipt-" .. order end }

local function charge(order)
    for _ = 1, 3 do
        local ok, result = pcall(asyncio.wait_for, function() return payments:call(order) end, 0.5)
        if ok then
            print("order " .. order .. ": " .. result.body)
            return true
        end
        if not asyncio.TimeoutError:is(result) then error(result, 0) end
    end
    print("order " .. order .. ": failed after 3 attempts")
    return false
end

local orders = {}
for order = 1, 8 do orders[order] = function() return charge(order) end end
asyncio.gather(orders)
