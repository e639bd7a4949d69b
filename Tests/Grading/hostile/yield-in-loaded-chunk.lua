-- Attempts: await inside a chunk made by load() and called from the task, inside
-- string-built code, and inside require of a preloaded module (require calls the loader
-- from C, so that one cannot await; it is caught).
-- Right verdict: 3/3: the loaded chunk sleeps and prints hello; the require fails with
-- "cannot await here" inside a pcall; 42.
local chunk = assert(load("asyncio.sleep(0.5) print('hello') return ...", "=chunk"))
local value = chunk(42)
package.preload.sleepy = function() asyncio.sleep(1) return {} end
assert(not pcall(require, "sleepy"))
return value
