-- asyncio.wait returns done and pending lists in input order for ALL_COMPLETED, FIRST_COMPLETED and FIRST_EXCEPTION; it never cancels.
local function now() return string.format("%.2f", asyncio.time()) end
local function names(list)
    local out = {}
    for i, task in ipairs(list) do out[i] = task:get_name() end
    return "{" .. table.concat(out, " ") .. "}"
end
local function trio()
    local start = asyncio.time()
    local slow = asyncio.create_task(function() asyncio.sleep(0.3); return "slow" end)
    local fast = asyncio.create_task(function() asyncio.sleep(0.1); return "fast" end)
    local failing = asyncio.create_task(function() asyncio.sleep(0.2); error("failing", 0) end)
    slow:set_name("slow"); fast:set_name("fast"); failing:set_name("failing")
    return { slow, fast, failing }
end

local tasks = trio()
local done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_COMPLETED })
print(now(), "FIRST_COMPLETED", names(done), names(pending))
done, pending = asyncio.wait(tasks, { return_when = asyncio.FIRST_EXCEPTION })
print(now(), "FIRST_EXCEPTION", names(done), names(pending))
done, pending = asyncio.wait(tasks)
print(now(), "default", names(done), names(pending), tasks[3]:exception())

tasks = trio()
done, pending = asyncio.wait(tasks, { return_when = asyncio.ALL_COMPLETED })
print(now(), "ALL_COMPLETED", names(done), names(pending), tasks[1]:cancelled(), tasks[3]:exception())

-- FIRST_EXCEPTION without any error waits for all.
local ok1 = asyncio.create_task(asyncio.sleep, 0.1)
local ok2 = asyncio.create_task(asyncio.sleep, 0.2)
done, pending = asyncio.wait({ ok1, ok2 }, { return_when = asyncio.FIRST_EXCEPTION })
print(now(), "FIRST_EXCEPTION, no error", #done, #pending)
print(asyncio.ALL_COMPLETED, asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION)
