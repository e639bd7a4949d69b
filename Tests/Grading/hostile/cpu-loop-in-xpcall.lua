-- Attempts: an endless loop inside xpcall whose message handler also loops, retried
-- forever: neither the protected call nor the handler may swallow the limit.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded".
print("hello")
while true do
    xpcall(function() while true do end end, function() while true do end end)
end
