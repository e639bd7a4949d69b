-- Attempts: an error object with every hostile metamethod: __index, __newindex, __len,
-- __pairs, __eq, __concat, __name all raise or loop, __gc raises, and its `type` field (which
-- the host reads for the error's type) is itself a table with a hostile metatable; plus a
-- `traceback` field that is a function.
-- Right verdict: 2/3: prints hello, fails with the error described generically; the host
-- reads none of the metamethods.
print("hello")
local function refuse() error("hostile metamethod called") end
local mt = { __index = refuse, __newindex = refuse, __len = refuse, __pairs = refuse, __eq = refuse,
    __concat = refuse, __lt = refuse, __call = refuse, __name = setmetatable({}, { __tostring = refuse }),
    __gc = refuse, __close = refuse, __metatable = false }
local err = setmetatable({ type = setmetatable({}, mt), message = setmetatable({}, mt), traceback = refuse }, mt)
error(err)
