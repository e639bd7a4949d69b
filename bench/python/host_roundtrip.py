# host_roundtrip: N sequential round trips to work outside the loop: asyncio's nearest
# equivalent of a host function is a call on the default executor, completed back into the
# loop by call_soon_threadsafe.
import sys
sys.path.pop(0)  # this folder's queue.py would shadow the standard library's (the executor imports it)
import asyncio

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000

def echo(value):
    return value

async def main():
    loop = asyncio.get_running_loop()
    total = 0
    for i in range(1, N + 1):
        total += await loop.run_in_executor(None, echo, i)
    if total != N * (N + 1) // 2:
        sys.exit(f"host_roundtrip: wrong sum {total}")

asyncio.run(main())
