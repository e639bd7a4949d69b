import Testing
@testable import Scheduler

@Suite struct CancellationTests {
    @Test func cancellingAWaitingTaskWakesItByCancellation() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        let task = ScriptedTask(h.loop, [{ event.enqueue($0) }])
        h.loop.runOnce()
        #expect(task.phase == .waiting)
        #expect(h.loop.cancel(task))
        try await h.runToCompletion()
        #expect(task.resumptions == [.byCancellation])
        #expect(task.outcome == .cancelled)
        #expect(task.cancelRequests == 1)
    }

    @Test func aTaskCancelledBeforeItStartsNeverRunsItsBody() async throws {
        let h = Harness()
        let task = ScriptedTask(h.loop, [{ h.note("ran"); h.loop.finish($0, .returned) }])
        h.loop.cancel(task)
        try await h.runToCompletion()
        #expect(h.log.isEmpty)
        #expect(task.outcome == .cancelled)
    }

    @Test func aRunningTaskThatCancelsItselfRaisesAtItsNextAwait() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        let task = ScriptedTask(h.loop, [{ task in
            h.loop.cancel(task)
            h.note("still running")
            event.enqueue(task)
        }])
        try await h.runToCompletion()
        #expect(h.log == ["still running"])
        #expect(task.resumptions == [.byCancellation])
    }

    @Test func cancellingADoneTaskReturnsFalse() async throws {
        let h = Harness()
        let task = ScriptedTask(h.loop, [{ h.loop.finish($0, .returned) }])
        try await h.runToCompletion()
        #expect(!h.loop.cancel(task))
        #expect(task.outcome == .returned)
    }

    @Test func cancellingASleeperDropsItsTimer() async throws {
        let h = Harness()
        let task = ScriptedTask(h.loop, [{ h.loop.sleep($0, until: 1_000_000_000) }])
        h.loop.runOnce()
        h.loop.cancel(task)
        try await h.runToCompletion()
        #expect(h.loop.now == 0, "the cancelled sleep's timer must not move the clock")
    }

    @Test func cancellingATaskThatAwaitsAnotherCancelsTheOtherAndWaitsForIt() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        let inner = ScriptedTask(h.loop, [{ event.enqueue($0) }])
        let outer = ScriptedTask(h.loop, [{ inner.addAwaiter($0) }, { h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        h.loop.cancel(outer)
        #expect(outer.phase == .waiting, "outer keeps waiting until inner has finished cancelling")
        try await h.runToCompletion()
        #expect(inner.outcome == .cancelled)
        #expect(outer.resumptions == [.normally])
    }

    @Test func cancellingOneOfTwoTasksThatAwaitEachOtherEnds() async throws {
        let h = Harness()
        var b: ScriptedTask?
        let a = ScriptedTask(h.loop, [{ task in b!.addAwaiter(task) }])
        b = ScriptedTask(h.loop, [{ task in a.addAwaiter(task) }])
        h.loop.runOnce()
        #expect(h.loop.cancel(a), "the cancel goes round the cycle once and interrupts a")
        try await h.runToCompletion()
        #expect(a.outcome == .cancelled)
        #expect(b!.isDone)
    }

    @Test func uncancelWithdrawsARequest() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        let task = ScriptedTask(h.loop, [{ event.enqueue($0) }])
        h.loop.runOnce()
        h.loop.cancel(task)
        h.loop.cancel(task)
        #expect(task.cancelRequests == 2)
        #expect(task.uncancel() == 1)
    }
}
