-- Arguments and results cross between Lua and Swift as plain values, nested tables included.
local n, s, t, b, f = test.echo(42, "text", { 1, 2, { deep = "yes" } }, true, 1.5)
print(math.type(n), n, s, t[1], t[2], t[3].deep, b, f)
print(select("#", test.echo()))
print(select("#", test.echo(nil, nil)))
local map = test.echo({ alpha = 1, beta = { 2, 3 } })
print(map.alpha, map.beta[1], map.beta[2])
-- Inside a coroutine of the task (a generator, say), a host call still suspends the task.
local gen = coroutine.wrap(function()
    coroutine.yield(test.echo("from a coroutine"))
end)
print(gen())
-- What cannot cross is refused before anything starts, at the script's line.
print(pcall(test.echo, 1, print))
local cycle = {}
cycle.self = cycle
print(pcall(test.echo, cycle))
print(pcall(test.echo, { co = coroutine.create(print) }))
