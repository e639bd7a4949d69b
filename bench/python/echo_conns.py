# echo_conns: N concurrent loopback connections to an echo server, each sending one line
# and reading it back.
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000

async def handle(reader, writer):
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=N)
    port = server.sockets[0].getsockname()[1]

    async def client(i):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"client {i}\n".encode())
        await writer.drain()
        line = await reader.readline()
        writer.close()
        return line

    lines = await asyncio.gather(*(client(i) for i in range(1, N + 1)))
    server.close()
    await server.wait_closed()
    assert all(line == f"client {i}\n".encode() for i, line in enumerate(lines, 1))

if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
    import uvloop
    uvloop.install()
asyncio.run(main())
