-- Only Tide's own error objects are Tide's error types: a script's table cannot pass for one
-- by its `type` field, a `__metatable` field that hides its real metatable, or an `__eq`.
local TimeoutError = asyncio.TimeoutError

local by_field = { type = "TimeoutError", message = "fake" }
local hidden = setmetatable({ type = "TimeoutError" }, { __metatable = TimeoutError })
-- Its metatable has a metatable of its own whose `__eq` says it equals any class.
local equal_to_all = setmetatable({}, { __eq = function() return true end })
local by_eq = setmetatable({ type = "TimeoutError" }, equal_to_all)

print("type field", TimeoutError:is(by_field))
print("__metatable", TimeoutError:is(hidden))
print("__eq", TimeoutError:is(by_eq))
print("real", TimeoutError:is(TimeoutError("real")))
local ok, err = pcall(asyncio.wait_for, function() asyncio.sleep(1) end, 0.1)
print("from wait_for", ok, TimeoutError:is(err))
