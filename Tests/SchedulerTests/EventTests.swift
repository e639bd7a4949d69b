import Testing
@testable import Scheduler

@Suite struct EventTests {
    @Test func setWakesEveryWaiterInTheOrderTheyCame() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        for name in ["a", "b", "c"] {
            _ = ScriptedTask(h.loop, [{ event.enqueue($0) }, { h.note(name); h.loop.finish($0, .returned) }])
        }
        h.loop.runOnce()
        event.set()
        try await h.runToCompletion()
        #expect(h.log == ["a", "b", "c"])
        #expect(event.isSet)
        event.clear()
        #expect(!event.isSet)
    }

    @Test func aCancelledWaiterIsForgotten() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        let task = ScriptedTask(h.loop, [{ event.enqueue($0) }])
        h.loop.runOnce()
        h.loop.cancel(task)
        try await h.runToCompletion()
        #expect(event.description == "Event(unset, waiters=0)")
    }
}
