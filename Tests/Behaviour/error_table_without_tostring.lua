-- A table raised as an error, without __tostring, is reported by its fields.
local function check(order)
    if order.qty <= 0 then
        error({ code = 42, reason = "quantity must be positive", order = order, ["item id"] = 7 })
    end
end

local order = { qty = 0, items = { "tea", "cup" } }
order.self = order
check(order)
