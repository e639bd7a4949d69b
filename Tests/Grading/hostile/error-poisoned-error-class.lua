-- Attempts: asyncio's error classes are plain tables the script can change. Give
-- ValueError (the metatable of every ValueError object) a __newindex that raises and
-- yields, then let a ValueError escape the main task: the host, recording the error, adds a
-- `traceback` field to Tide's own error objects.
-- Right verdict: 2/3: prints hello, fails with "ValueError: poisoned". The host must set
-- that field raw (or not at all); running the script's __newindex there, outside any
-- protected call, aborts the worker ("crashed: signal 6") — a host bug.
print("hello")
asyncio.ValueError.__newindex = function() error("poisoned __newindex ran in the host") end
error(asyncio.ValueError("poisoned"))
