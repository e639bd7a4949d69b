# spawn_gather: the cost of creating N tasks that each sleep(0) once and return i,
# then gathering all N results (task creation, scheduling, gather bookkeeping).
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000

async def work(i):
    await asyncio.sleep(0)
    return i

async def main():
    tasks = [asyncio.create_task(work(i)) for i in range(1, N + 1)]
    results = await asyncio.gather(*tasks)
    if len(results) != N or sum(results) != N * (N + 1) // 2:
        sys.exit(f"spawn_gather: got {len(results)} results summing to {sum(results)}, "
                 f"want {N} summing to {N * (N + 1) // 2}")

asyncio.run(main())
