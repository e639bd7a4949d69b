import Testing
@testable import Scheduler

@Suite struct EventLoopTests {
    @Test func tasksStartInTheOrderTheyWereCreated() async throws {
        let h = Harness()
        for name in ["a", "b", "c"] {
            _ = ScriptedTask(h.loop, [{ h.note(name); h.loop.finish($0, .returned) }])
        }
        try await h.runToCompletion()
        #expect(h.log == ["a", "b", "c"])
    }

    @Test func yieldingTasksTakeTurnsInFifoOrder() async throws {
        let h = Harness()
        for name in ["a", "b"] {
            _ = ScriptedTask(h.loop, [
                { h.note("\(name)1"); h.loop.yieldNow($0) },
                { h.note("\(name)2"); h.loop.yieldNow($0) },
                { h.note("\(name)3"); h.loop.finish($0, .returned) },
            ])
        }
        try await h.runToCompletion()
        #expect(h.log == ["a1", "b1", "a2", "b2", "a3", "b3"])
    }

    /// The ready queue is a ring that doubles when full: entries that wrapped round its end
    /// keep their order as it grows.
    @Test func theReadyQueueKeepsItsOrderAsItWrapsAndGrows() {
        let h = Harness()
        var queue = ReadyQueue()
        let tasks = (0..<300).map { _ in ScriptedTask(h.loop, []) }
        var expected: [Int] = []
        var next = 0
        for round in 0..<5 {
            for _ in 0..<(40 * (round + 1)) {
                queue.append(QueuedTask(tasks[next % tasks.count]))
                expected.append(next % tasks.count)
                next += 1
            }
            for _ in 0..<30 {
                let id = queue.removeFirst()!.object.id
                #expect(tasks[expected.removeFirst()].id == id)
            }
        }
        queue.append(nil)
        let count = queue.count
        #expect(count == expected.count + 1)
        while queue.count > 1 { #expect(tasks[expected.removeFirst()].id == queue.removeFirst()!.object.id) }
        let last = queue.removeFirst()
        let isEmpty = queue.isEmpty
        #expect(last == nil)
        #expect(isEmpty)
    }

    @Test func workScheduledDuringATurnWaitsForTheNextTurn() async throws {
        let h = Harness()
        _ = ScriptedTask(h.loop, [{ task in
            h.loop.callSoon { h.note("callback") }
            h.note("task")
            h.loop.finish(task, .returned)
        }])
        h.loop.runOnce()
        #expect(h.log == ["task"])
        h.loop.runOnce()
        #expect(h.log == ["task", "callback"])
    }

    @Test func virtualClockJumpsToEachTimerAndFiresEqualDeadlinesInOrderSet() async throws {
        let h = Harness()
        for (name, delay) in [("late", 0.3), ("early", 0.1), ("tie-1", 0.2), ("tie-2", 0.2)] {
            _ = ScriptedTask(h.loop, [
                { h.loop.sleep($0, until: nanoseconds(fromSeconds: delay)) },
                { h.note("\(name)@\(h.seconds)"); h.loop.finish($0, .returned) },
            ])
        }
        try await h.runToCompletion()
        #expect(h.log == ["early@0.1", "tie-1@0.2", "tie-2@0.2", "late@0.3"])
    }

    @Test func ninetyHundredthsOfSleepsAddUpExactly() async throws {
        let h = Harness()
        _ = ScriptedTask(h.loop, [
            { h.loop.sleep($0, until: h.loop.now + nanoseconds(fromSeconds: 0.3)) },
            { h.loop.sleep($0, until: h.loop.now + nanoseconds(fromSeconds: 0.3)) },
            { h.loop.sleep($0, until: h.loop.now + nanoseconds(fromSeconds: 0.3)) },
            { h.loop.finish($0, .returned) },
        ])
        try await h.runToCompletion()
        #expect(h.loop.now == 900_000_000)
    }

    @Test func aLoopWhoseTasksAllWaitWithNoTimerStalls() async throws {
        let h = Harness()
        let event = Event(loop: h.loop)
        _ = ScriptedTask(h.loop, [{ event.enqueue($0) }])
        #expect(try await h.runToCompletion() == .stalled)
        #expect(h.loop.liveTasks.count == 1)
    }

    @Test func callAtRunsAtTheDeadlineUnlessCancelled() async throws {
        let h = Harness()
        h.loop.callAt(500) { h.note("fired at \(h.loop.now)") }
        let cancelled = h.loop.callAt(400) { h.note("should not fire") }
        h.loop.cancelTimer(cancelled)
        _ = try await h.loop.run(until: { h.loop.nextDeadline == nil })
        #expect(h.log == ["fired at 500"])
    }

    @Test func manyCancelledTimersAreCompactedAway() async throws {
        let h = Harness()
        let handles = (0..<1_000).map { h.loop.callAt(Int64($0) + 10) {} }
        for handle in handles { h.loop.cancelTimer(handle) }
        #expect(h.loop.nextDeadline == nil)
    }

    @Test func timeoutsArmedAndCancelledByTheMillionLeaveNothingBehind() async throws {
        let h = Harness()
        let far = h.loop.callAt(1_000_000_000) { h.note("fired") }  // stays armed throughout
        for round in 0..<1_000_000 {
            h.loop.cancelTimer(h.loop.callAt(Int64(round % 1_000) + 10) {})
        }
        #expect(h.loop.timers.entryCount <= 130)  // dead entries are compacted away
        #expect(h.loop.timers.slotCount == 2)  // a cancelled timer's slot is reused
        #expect(h.loop.nextDeadline == far.deadline)
    }

    @Test func sleepersCancelledOverAndOverLeaveNothingBehind() async throws {
        let h = Harness()
        var woke = 0
        for _ in 0..<20_000 {
            let sleeper = ScriptedTask(h.loop, [{ h.loop.sleep($0, until: 1_000_000_000) }, { _ in woke += 1 }])
            h.loop.runOnce()  // it sleeps
            h.loop.cancel(sleeper)
            h.loop.runOnce()  // it ends, cancelled
        }
        #expect(woke == 0 && h.loop.liveCount == 0 && h.loop.sleeping == 0)
        #expect(h.loop.timers.entryCount <= 130)
        #expect(h.loop.timers.slotCount == 1)
        #expect(h.loop.nextDeadline == nil)
    }

    @Test func timersFireByDeadlineThenInTheOrderSetAcrossRenumbering() async throws {
        let h = Harness()
        h.loop.timers.orderLimit = 40  // renumbered several times below
        var expected: [(deadline: Int64, name: String)] = []
        for index in 0..<300 {
            let deadline = Int64((index * 7) % 5) * 100 + 100  // five deadlines, 60 timers each
            let name = "t\(index)"
            let handle = h.loop.callAt(deadline) { h.note(name) }
            if index % 3 == 0 {
                h.loop.cancelTimer(handle)
            } else {
                expected.append((deadline, name))
            }
        }
        _ = try await h.loop.run(until: { h.loop.nextDeadline == nil })
        let inOrder = expected.enumerated().sorted {
            ($0.element.deadline, $0.offset) < ($1.element.deadline, $1.offset)
        }
        #expect(h.log == inOrder.map(\.element.name))
    }
}
