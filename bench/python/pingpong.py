# pingpong: N round trips between two tasks over two Events; each side waits for its
# event, clears it and sets the other's (wake-up latency of a single waiter).
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000

async def side(mine, other, counts, key):
    for _ in range(N):
        await mine.wait()
        mine.clear()
        counts[key] += 1
        other.set()

async def main():
    ping_ev, pong_ev = asyncio.Event(), asyncio.Event()
    counts = {"ping": 0, "pong": 0}
    a = asyncio.create_task(side(ping_ev, pong_ev, counts, "ping"))
    b = asyncio.create_task(side(pong_ev, ping_ev, counts, "pong"))
    ping_ev.set()
    await asyncio.gather(a, b)
    if counts["ping"] != N or counts["pong"] != N:
        sys.exit(f"pingpong: {counts['ping']} pings and {counts['pong']} pongs, want {N} each")

asyncio.run(main())
