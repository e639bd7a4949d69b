-- A connection nobody accepts is refused, with asyncio's error class. Port 1 (tcpmux) has no
-- listener here: a port freed by closing a server could be taken at once by a test beside this.
local ok, err = pcall(asyncio.open_connection, "127.0.0.1", 1)
print(ok, asyncio.ConnectionRefusedError:is(err), asyncio.ConnectionResetError:is(err))
print(tostring(err))
