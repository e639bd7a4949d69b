-- An error that escapes the main task ends the run with exit status 1, the error with its file:line, and a traceback.
local function inner()
    asyncio.sleep(0.1)
    error("something broke")
end
print("before")
inner()
print("never printed")
