-- A task that tail-calls its await (`return t:await()`) has no line of its own left;
-- the chain still names it, and the task that raised keeps its traceback.
local function fails()
    asyncio.sleep(0)
    error("disk full")
end

local function middle()
    return asyncio.create_task(fails):await()
end

local t = asyncio.create_task(middle)
t:await()
