# timers: N tasks each sleeping a random time in [0, 1) (timer heap insertion and expiry).
import asyncio, random, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
SLACK = 0.001  # tolerance for clock rounding when checking nobody woke early
early = 0

async def sleeper(loop, start):
    global early
    d = random.random()
    await asyncio.sleep(d)
    if loop.time() - start < d - SLACK:
        early += 1
    return d

async def main():
    random.seed(1)
    loop = asyncio.get_running_loop()
    start = loop.time()
    delays = await asyncio.gather(*[asyncio.create_task(sleeper(loop, start)) for _ in range(N)])
    elapsed, longest = loop.time() - start, max(delays, default=0)
    if len(delays) != N or early != 0 or elapsed < longest - SLACK:
        sys.exit(f"timers: {len(delays)} of {N} finished, {early} woke early, "
                 f"elapsed {elapsed:.4f}s < longest {longest:.4f}s?")

asyncio.run(main())
