import Testing
@testable import Scheduler

@Suite struct TaskSetWaitTests {
    /// Three tasks that finish at 1, 2 and 3 ticks; the middle one fails.
    private func racers(_ h: Harness) -> [ScriptedTask] {
        (1...3).map { index in
            ScriptedTask(h.loop, [
                { h.loop.sleep($0, until: Int64(index)) },
                { h.loop.finish($0, index == 2 ? .failed : .returned) },
            ])
        }
    }

    private func waitTime(_ condition: TaskSetWait.Condition, deadline: Int64? = nil) async throws -> Int64 {
        let h = Harness()
        let tasks = racers(h)
        var wokeAt: Int64 = -1
        _ = ScriptedTask(h.loop, [
            { TaskSetWait(loop: h.loop, waiter: $0, tasks: tasks, condition: condition, deadline: deadline) },
            { wokeAt = h.loop.now; h.loop.finish($0, .returned) },
        ])
        try await h.runToCompletion()
        return wokeAt
    }

    @Test func firstCompletedWakesAtTheFirstFinish() async throws {
        #expect(try await waitTime(.firstCompleted) == 1)
    }

    @Test func firstExceptionWakesAtTheFirstFailure() async throws {
        #expect(try await waitTime(.firstException) == 2)
    }

    @Test func allCompletedWakesWhenTheLastFinishes() async throws {
        #expect(try await waitTime(.allCompleted) == 3)
    }

    @Test func theDeadlineWakesTheWaiterFirst() async throws {
        #expect(try await waitTime(.allCompleted, deadline: 2) == 2)
    }

    @Test func aSatisfiedConditionNeedsNoWait() async throws {
        let h = Harness()
        let tasks = racers(h)
        try await h.runToCompletion()
        #expect(TaskSetWait.isSatisfied(.allCompleted, by: tasks))
    }
}
