# sim_calls: N calls to one fake service (latency uniform in [1 ms, 5 ms), 1% failures),
# one task per call: the asyncio.sleep-based fake every script writes without a simulator.
import asyncio, random, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


class FakeService:
    def __init__(self, low, high, failures):
        self.low, self.high, self.failures = low, high, failures
        self.calls, self.in_flight, self.peak, self.by_status = 0, 0, 0, {}

    async def call(self, request):
        self.calls += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            status = 500 if random.random() < self.failures else 200
            await asyncio.sleep(random.uniform(self.low, self.high))
            self.by_status[status] = self.by_status.get(status, 0) + 1
            return {"status": status, "body": request}
        finally:
            self.in_flight -= 1


async def main():
    random.seed(1)
    api = FakeService(0.001, 0.005, 0.01)
    responses = await asyncio.gather(*[asyncio.create_task(api.call(i)) for i in range(N)])
    ok, failed = api.by_status.get(200, 0), api.by_status.get(500, 0)
    if len(responses) != N or api.calls != N or ok + failed != N or failed == 0 or api.peak != N:
        sys.exit(f"sim_calls: {len(responses)} responses, {api.calls} calls, {ok} ok, {failed} failed, peak {api.peak}")

asyncio.run(main())
