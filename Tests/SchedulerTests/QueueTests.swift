import Testing
@testable import Scheduler

@Suite struct QueueTests {
    @Test func itemsComeOutInTheOrderTheyWentIn() {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 0)
        for item in 1...3 { #expect(queue.tryPut(item)) }
        #expect([queue.tryGet(), queue.tryGet(), queue.tryGet(), queue.tryGet()] == [1, 2, 3, nil])
    }

    @Test func aFullQueueParksThePutterUntilAGetFreesASlot() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 1)
        #expect(queue.tryPut(1))
        #expect(!queue.tryPut(2))
        let putter = ScriptedTask(h.loop, [{ queue.enqueuePutter($0) }, { queue.putReserved(2); h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        #expect(putter.phase == .waiting)
        #expect(queue.tryGet() == 1)
        #expect(putter.phase == .scheduled)
        #expect(!queue.tryPut(3), "the freed slot is reserved for the waiting putter")
        try await h.runToCompletion()
        #expect(queue.tryGet() == 2)
    }

    @Test func aGetterWokenForAnItemKeepsItFromLatecomers() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 0)
        var got: [Int] = []
        _ = ScriptedTask(h.loop, [{ queue.enqueueGetter($0) }, { got.append(queue.takeReserved()!); h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        #expect(queue.tryPut(7))
        #expect(queue.tryGet() == nil, "item 7 is reserved for the waiting getter")
        try await h.runToCompletion()
        #expect(got == [7])
    }

    @Test func aCancelledGetterNeverLosesAnItem() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 0)
        var got: [Int] = []
        let first = ScriptedTask(h.loop, [{ queue.enqueueGetter($0) }, { got.append(queue.takeReserved()!); h.loop.finish($0, .returned) }])
        _ = ScriptedTask(h.loop, [{ queue.enqueueGetter($0) }, { got.append(queue.takeReserved()!); h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        _ = queue.tryPut(1)  // reserved for `first`
        h.loop.cancel(first)  // passes to the second getter
        try await h.runToCompletion()
        #expect(got == [1])
        #expect(first.outcome == .cancelled)
    }

    @Test func anAbandonedGetterPassesItsItemOnAndResumesByFailure() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 0)
        var got: [Int] = []
        let first = ScriptedTask(h.loop, [{ queue.enqueueGetter($0) }, { h.loop.finish($0, .returned) }])
        _ = ScriptedTask(h.loop, [{ queue.enqueueGetter($0) }, { got.append(queue.takeReserved()!); h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        _ = queue.tryPut(1)  // reserved for `first`
        h.loop.abandonWait(of: first)  // passes to the second getter, cancels nothing
        try await h.runToCompletion()
        #expect(got == [1])
        #expect(first.outcome == .returned)
        #expect(first.resumptions == [.byFailure(.abandoned)])
        #expect(first.cancelRequests == 0)
    }

    @Test func joinWaitsUntilEveryItemIsMarkedDone() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 0)
        _ = queue.tryPut(1)
        _ = queue.tryPut(2)
        let joiner = ScriptedTask(h.loop, [{ queue.enqueueJoiner($0) }, { h.note("joined"); h.loop.finish($0, .returned) }])
        h.loop.runOnce()
        try queue.taskDone()
        #expect(joiner.phase == .waiting)
        try queue.taskDone()
        try await h.runToCompletion()
        #expect(h.log == ["joined"])
        #expect(throws: Queue<Int>.Failure.self) { try queue.taskDone() }
    }

    @Test func aLifoQueueGivesTheNewestAndAPriorityQueueTheSmallest() {
        let h = Harness()
        let lifo = Queue<Int>(loop: h.loop, maxsize: 0, order: .lifo)
        let priority = Queue<Int>(loop: h.loop, maxsize: 0, order: .priority)
        for item in [2, 3, 1] {
            _ = lifo.tryPut(item)
            _ = priority.tryPut(item)
        }
        #expect([lifo.tryGet(), lifo.tryGet(), lifo.tryGet()] == [1, 3, 2])
        #expect([priority.tryGet(), priority.tryGet(), priority.tryGet()] == [1, 2, 3])
    }

    @Test func shuttingDownFailsWaitingPuttersButLeavesTheItems() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 1)
        _ = queue.tryPut(1)
        let putter = ScriptedTask(h.loop, [{ queue.enqueuePutter($0) }])
        h.loop.runOnce()
        #expect(putter.phase == .waiting)
        #expect(queue.shutDown(immediate: false).isEmpty)
        #expect(putter.resumption == .byFailure(.queueShutDown))
        #expect(queue.tryGet() == 1, "items put before the shutdown can still be taken")
    }

    @Test func shuttingDownFailsWaitingGettersAndImmediatelyDropsTheItems() async throws {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 0)
        let getter = ScriptedTask(h.loop, [{ queue.enqueueGetter($0) }])
        h.loop.runOnce()
        #expect(getter.phase == .waiting)
        queue.shutDown(immediate: false)
        #expect(getter.resumption == .byFailure(.queueShutDown))

        let full = Queue<Int>(loop: h.loop, maxsize: 0)
        _ = full.tryPut(1)
        _ = full.tryPut(2)
        #expect(full.shutDown(immediate: true) == [1, 2])
        #expect(full.isEmpty && full.unfinishedTasks == 0)
    }

    @Test func descriptionShowsSizeAndWaiters() {
        let h = Harness()
        let queue = Queue<Int>(loop: h.loop, maxsize: 5)
        _ = queue.tryPut(1)
        #expect(queue.description == "Queue(size=1, maxsize=5, unfinished=1)")
    }
}
