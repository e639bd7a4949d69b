-- Attempts: the endless loop inside a coroutine, resumed over and over by an outer loop,
-- so that the hook fires in the coroutine (whose yield goes to the script, not the loop).
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded".
print("hello")
while true do
    local co = coroutine.wrap(function() while true do end end)
    while true do pcall(co) end
end
