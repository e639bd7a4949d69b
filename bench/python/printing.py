# printing: example 24.4 scaled to N items: a producer puts N items through a Queue(5) to two
# consumers, and both sides print a line per item, as the lecture's script does (what a
# student's script spends is mostly its prints).
import asyncio, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
processed = total = 0

def show(item):
    return "{id: %d, value: %d}" % (item["id"], item["value"])

async def producer(queue):
    for id in range(N):
        item = {"id": id, "value": id % 100 + 1}
        await queue.put(item)
        print("Produced: " + show(item))
    await queue.put(None)

async def consumer(number, queue):
    global processed, total
    while True:
        item = await queue.get()
        if item is None:
            await queue.put(None)
            return
        processed += 1
        total += item["value"] * 3
        print("Consumer %d: processed item %d → %d" % (number, item["id"], item["value"] * 3))

async def main():
    queue = asyncio.Queue(5)
    await asyncio.gather(producer(queue), consumer(1, queue), consumer(2, queue))
    want = sum((id % 100 + 1) * 3 for id in range(N))
    if processed != N or total != want:
        sys.exit(f"printing: processed {processed} items totalling {total}, want {N} totalling {want}")

asyncio.run(main())
