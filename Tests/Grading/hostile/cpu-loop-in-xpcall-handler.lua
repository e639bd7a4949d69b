-- Attempts: raise an error on purpose so that the time is spent in xpcall's message
-- handler, which Lua runs where nothing can yield: there the count hook can only raise,
-- xpcall turns that into "error in error handling", and the loop retries at once.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded". If the report says
-- "CPU time limit exceeded" instead, the script caught its way past the instruction limit
-- and only the OS stopped it.
print("hello")
while true do
    xpcall(error, function() while true do end end)
end
