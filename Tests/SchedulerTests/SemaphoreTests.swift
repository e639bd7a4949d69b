import Testing
@testable import Scheduler

@Suite struct SemaphoreTests {
    @Test func waitersGetSlotsFirstComeFirstServed() async throws {
        let h = Harness()
        let semaphore = Semaphore(loop: h.loop, value: 1)
        var holders: [String] = []
        for name in ["a", "b", "c"] {
            _ = ScriptedTask(h.loop, [
                { if semaphore.tryAcquire() { holders.append(name); h.loop.yieldNow($0) } else { semaphore.enqueue($0) } },
                { task in
                    if holders.last != name { holders.append(name) }
                    h.loop.sleep(task, until: h.loop.now + 10)
                },
                { task in try? semaphore.release(); h.loop.finish(task, .returned) },
            ])
        }
        try await h.runToCompletion()
        #expect(holders == ["a", "b", "c"])
        #expect(semaphore.value == 1)
    }

    @Test func aReleaseHandsTheSlotToAWaiterSoLatecomersCannotTakeIt() async throws {
        let h = Harness()
        let semaphore = Semaphore(loop: h.loop, value: 0)
        let waiter = ScriptedTask(h.loop, [{ semaphore.enqueue($0) }])
        h.loop.runOnce()
        try semaphore.release()
        #expect(waiter.phase == .scheduled)
        #expect(semaphore.value == 0)
        #expect(!semaphore.tryAcquire(), "the slot belongs to the woken waiter")
    }

    @Test func aCancelledWaiterThatWasHandedASlotPassesItOn() async throws {
        let h = Harness()
        let semaphore = Semaphore(loop: h.loop, value: 0)
        let first = ScriptedTask(h.loop, [{ semaphore.enqueue($0) }])
        let second = ScriptedTask(h.loop, [{ semaphore.enqueue($0) }, { h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        try semaphore.release()  // handed to `first`
        h.loop.cancel(first)  // …which is cancelled before it runs
        #expect(second.phase == .scheduled, "the slot went to the next waiter")
        try await h.runToCompletion()
        #expect(first.outcome == .cancelled)
        #expect(second.outcome == .returned)
        #expect(semaphore.value == 0)
    }

    @Test func aWokenWaiterStillCountsAsWaitingUntilItRuns() async throws {
        // CPython's rule: while a waiter that was handed a slot has not run, a newcomer
        // waits even if another slot is free; the waiter passes free slots on when it runs.
        let h = Harness()
        let semaphore = Semaphore(loop: h.loop, value: 0)
        let first = ScriptedTask(h.loop, [{ semaphore.enqueue($0) }, { task in semaphore.waiterResumed(); h.loop.finish(task, .returned) }])
        h.loop.runOnce()
        try semaphore.release()  // handed to `first`
        try semaphore.release()  // free, but `first` has not run
        #expect(semaphore.isLocked)
        #expect(!semaphore.tryAcquire())
        try await h.runToCompletion()
        #expect(first.outcome == .returned)
        #expect(!semaphore.isLocked)
        #expect(semaphore.tryAcquire())
    }

    @Test func aBoundedSemaphoreRefusesToGoAboveItsStart() throws {
        let h = Harness()
        let semaphore = Semaphore(loop: h.loop, value: 2, kind: .bounded)
        #expect(semaphore.tryAcquire())
        try semaphore.release()
        #expect(throws: Semaphore.ReleaseError.self) { try semaphore.release() }
    }

    @Test func descriptionShowsValueAndWaiters() async throws {
        let h = Harness()
        let semaphore = Semaphore(loop: h.loop, value: 0)
        _ = ScriptedTask(h.loop, [{ semaphore.enqueue($0) }])
        _ = ScriptedTask(h.loop, [{ semaphore.enqueue($0) }])
        h.loop.runOnce()
        #expect(semaphore.description == "Semaphore(value=0, waiters=2)")
    }
}
