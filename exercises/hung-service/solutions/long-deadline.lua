-- Wrong: a deadline of 2 s. Hung calls are cancelled, but each holds its order for 2 s.
local sim = require("sim")
local payments = sim.service{ name = "payments", latency = { 0.1, 0.4 }, hangs = 0.2,
    respond = function(order) return "receipt-" .. order end }

local function charge(order)
    for _ = 1, 3 do
        local ok, result = pcall(asyncio.wait_for, function() return payments:call(order) end, 2)
        if ok then
            print("order " .. order .. ": " .. result.body)
            return
        end
    end
    print("order " .. order .. ": failed after 3 attempts")
end

local orders = {}
for order = 1, 8 do orders[order] = function() return charge(order) end end
asyncio.gather(orders)
