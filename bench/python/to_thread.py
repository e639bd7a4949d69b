# to_thread: W workers (argv 2, default 2) each run a CPU-bound loop of N steps through
# asyncio.to_thread, gathered (with the GIL they take turns rather than overlap).
import sys
sys.path.pop(0)  # this folder's queue.py would shadow the standard library's (the executor imports it)
import asyncio

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
W = int(sys.argv[2]) if len(sys.argv) > 2 else 2

def spin(n):
    x = 0
    for i in range(1, n + 1):
        x = (x + i * 7) % 1000003
    return x

async def main():
    results = await asyncio.gather(*(asyncio.to_thread(spin, N) for _ in range(W)))
    if len(set(results)) != 1:
        sys.exit("to_thread: workers disagree")

asyncio.run(main())
