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

    /// The first waiter is kept apart from the later ones: a new waiter that comes after the
    /// first was cancelled still wakes after those that came before it.
    @Test func aWaiterAfterACancelledFirstOneStillWakesInOrder() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        var first: ScriptedTask?
        for name in ["first", "b", "c"] {
            let task = ScriptedTask(h.loop, [{ event.enqueue($0) }, { h.note(name); h.loop.finish($0, .returned) }])
            if first == nil { first = task }
        }
        h.loop.runOnce()
        h.loop.cancel(first!)
        _ = ScriptedTask(h.loop, [{ event.enqueue($0) }, { h.note("d"); h.loop.finish($0, .returned) }])
        h.loop.runOnce()  // first leaves cancelled, d waits
        #expect(event.description == "Event(unset, waiters=3)")
        event.set()
        try await h.runToCompletion()
        #expect(h.log == ["b", "c", "d"])
    }
}
