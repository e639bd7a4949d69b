# echo_lines: N lines through one loopback connection to an echo server and back; the
# client writes (draining as it goes) while another task reads the echoes.
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000

async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])

    async def send():
        for i in range(1, N + 1):
            writer.write(f"line {i}\n".encode())
            await writer.drain()

    sender = asyncio.create_task(send())
    got = 0
    for _ in range(N):
        await reader.readline()
        got += 1
    await sender
    writer.close()
    server.close()
    await server.wait_closed()
    assert got == N

if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
    import uvloop
    uvloop.install()
asyncio.run(main())
