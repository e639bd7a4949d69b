# race: N rounds of three tasks raced with wait(FIRST_COMPLETED); the two losers are
# cancelled and drained with gather(return_exceptions) (wait, cancel, cleanup).
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000

async def racer(ident, turns):
    for _ in range(turns):
        await asyncio.sleep(0)
    return ident

async def main():
    for rnd in range(1, N + 1):
        tasks = [asyncio.create_task(racer(1, 1)),
                 asyncio.create_task(racer(2, 10)),
                 asyncio.create_task(racer(3, 10))]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        winner = next(iter(done)).result() if done else None
        if len(done) != 1 or len(pending) != 2 or winner != 1:
            sys.exit(f"race: round {rnd}: {len(done)} done, {len(pending)} pending, winner {winner}")
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for t in pending:
            if not t.cancelled():
                sys.exit(f"race: round {rnd}: loser {t.get_name()} was not cancelled")

asyncio.run(main())
