-- host_roundtrip: N sequential calls of a Swift host function (run by bench/host, which
-- registers host.echo): each leaves the loop for Swift concurrency and comes back through
-- the loop's door.
local N = tonumber(arg[1]) or 100000
local sum = 0
for i = 1, N do
    sum = sum + host.echo(i)
end
if sum ~= N * (N + 1) // 2 then error("host_roundtrip: wrong sum " .. sum) end
