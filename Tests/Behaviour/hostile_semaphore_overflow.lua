-- A semaphore released past the largest integer raises ValueError (once an arithmetic trap).
local s = asyncio.Semaphore(math.maxinteger)
print(pcall(s.release, s))
print(s:locked())
