# queue: N items through a bounded Queue(100) from one producer to 4 consumers; a None
# sentinel, re-put by each consumer that sees it, stops them (put/get back-pressure).
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
CONSUMERS = 4
count = total = 0

async def producer(q):
    for i in range(1, N + 1):
        await q.put(i)
    await q.put(None)

async def consumer(q):
    global count, total
    while True:
        v = await q.get()
        if v is None:
            await q.put(None)
            return
        count += 1
        total += v

async def main():
    q = asyncio.Queue(100)
    tasks = [asyncio.create_task(producer(q))]
    tasks += [asyncio.create_task(consumer(q)) for _ in range(CONSUMERS)]
    await asyncio.gather(*tasks)
    if count != N or total != N * (N + 1) // 2:
        sys.exit(f"queue: consumed {count} items summing to {total}, want {N} summing to {N * (N + 1) // 2}")

asyncio.run(main())
