-- Wrong: a deadline, but a timed-out order is given up at once (and the message says otherwise).
local sim = require("sim")
local payments = sim.service{ name = "payments", latency = { 0.1, 0.4 }, hangs = 0.2,
    respond = function(order) return "receipt-" .. order end }

local function charge(order)
    local ok, result = pcall(asyncio.wait_for, function() return payments:call(order) end, 0.5)
    if ok then
        print("order " .. order .. ": " .. result.body)
    else
        print("order " .. order .. ": failed after 3 attempts")
    end
end

local orders = {}
for order = 1, 8 do orders[order] = function() return charge(order) end end
asyncio.gather(orders)
