# semaphore: N tasks pass through Semaphore(100), each sleep(0) while holding a slot
# (acquire/release hand-off and FIFO waiter queue under heavy contention).
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
LIMIT = 100
active = peak = finished = 0

async def worker(sem):
    global active, peak, finished
    async with sem:
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0)
        active -= 1
    finished += 1

async def main():
    sem = asyncio.Semaphore(LIMIT)
    await asyncio.gather(*[asyncio.create_task(worker(sem)) for _ in range(N)])
    if peak != LIMIT or finished != N or active != 0:
        sys.exit(f"semaphore: peak {peak} (want {LIMIT}), finished {finished} (want {N}), active {active}")

asyncio.run(main())
