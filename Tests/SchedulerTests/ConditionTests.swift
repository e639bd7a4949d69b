import Testing
@testable import Scheduler

@Suite struct ConditionTests {
    @Test func notifyWakesWaitersFirstComeFirstServedAndNoMoreThanAsked() async throws {
        let h = Harness()
        let condition = Condition(loop: h.loop, lock: Semaphore(loop: h.loop, value: 1, kind: .lock))
        for name in ["a", "b", "c"] {
            _ = ScriptedTask(h.loop, [{ condition.enqueue($0) }, { h.note(name); h.loop.finish($0, .returned) }])
        }
        h.loop.runOnce()
        #expect(condition.notify(2) == 2)
        h.loop.runOnce()
        #expect(h.log == ["a", "b"])
        #expect(condition.waiterCount == 1)
        #expect(condition.notify(5) == 1)
        try await h.runToCompletion()
        #expect(h.log == ["a", "b", "c"])
    }

    @Test func aCancelledWaiterLeavesTheRoom() async throws {
        let h = Harness()
        let condition = Condition(loop: h.loop, lock: Semaphore(loop: h.loop, value: 1, kind: .lock))
        let task = ScriptedTask(h.loop, [{ condition.enqueue($0) }])
        h.loop.runOnce()
        h.loop.cancel(task)
        try await h.runToCompletion()
        #expect(condition.waiterCount == 0)
        #expect(condition.description == "Condition(unlocked, waiters=0)")
    }
}
