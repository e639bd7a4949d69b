-- Wrong: a timed-out attempt is retried at once, with no backoff in between.
local DELAYS = { A = { 2.0, 0.8, 0.3 } }

local function service(name, attempt)
    asyncio.sleep(DELAYS[name] and DELAYS[name][attempt] or 2.0)
    return name .. " response"
end

local function call_with_retry(name)
    for attempt = 1, 4 do
        print(string.format("%s: attempt %d started", name, attempt))
        local ok, result = pcall(asyncio.wait_for, function() return service(name, attempt) end, 0.5)
        if ok then
            print(string.format("%s: succeeded on attempt %d", name, attempt))
            return result
        elseif not asyncio.TimeoutError:is(result) then
            error(result, 0)
        end
        print(string.format("%s: attempt %d timed out", name, attempt))
        if attempt == 4 then error(result, 0) end
    end
end

-- The main part, as given.
local a = asyncio.create_task(call_with_retry, "A")
local b = asyncio.create_task(call_with_retry, "B")
local ok = pcall(asyncio.wait_for, function() return call_with_retry("C") end, 0.8)
print(ok and "C answered" or "C: out of time")
local response = a:await()
print("A returned " .. tostring(response))
response = b:await()
print("B returned " .. tostring(response))
