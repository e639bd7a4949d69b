-- Cheating: makes its own "payments" service that never hangs, and calls it without a deadline.
local sim = require("sim")
local payments = sim.service{ name = "payments", latency = { 0.1, 0.4 },
    respond = function(order) return "receipt-" .. order end }
local orders = {}
for order = 1, 8 do
    orders[order] = function() print("order " .. order .. ": " .. payments:call(order).body) end
end
asyncio.gather(orders)
