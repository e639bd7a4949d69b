/// One task waiting on a set of others (asyncio.wait, gather), until a condition or a deadline.
///
/// It watches every unfinished task of the set and wakes the waiter once, when the
/// condition holds or the deadline passes, whichever comes first.
public final class TaskSetWait: WaitSource, TaskObserver {
    public enum Condition: Int, Equatable {
        case allCompleted = 1, firstCompleted, firstException
        /// gather's rule: the first task that fails or is cancelled ends the wait.
        case firstUnsuccessful
    }

    private unowned(unsafe) let loop: EventLoop
    private let waiter: LoopTask
    private let tasks: [LoopTask]
    private let condition: Condition
    /// gather's rule: cancelling the waiter cancels every unfinished task of the set.
    private let cancelsTasksWithWaiter: Bool
    private var timer: TimerHandle?
    private var pending = 0
    private var isOver = false
    /// A cancel of the waiter reached the tasks: gather then raises CancelledError, even if
    /// every task swallowed it (Python's `_GatheringFuture._cancel_requested`).
    private var cancelForwarded = false

    /// True when `condition` already holds for `tasks`, so there is nothing to wait for.
    public static func isSatisfied(_ condition: Condition, by tasks: [LoopTask]) -> Bool {
        var pending = 0
        for task in tasks {
            if !task.isDone {
                pending += 1
            } else if endsWait(condition, task) {
                return true
            }
        }
        return pending == 0
    }

    /// Parks the running `waiter` on `tasks`; the caller checked `isSatisfied` first.
    public init(
        loop: EventLoop, waiter: LoopTask, tasks: [LoopTask], condition: Condition, deadline: Int64?,
        cancelsTasksWithWaiter: Bool = false
    ) {
        self.loop = loop
        self.waiter = waiter
        self.tasks = tasks
        self.condition = condition
        self.cancelsTasksWithWaiter = cancelsTasksWithWaiter
        for task in tasks where !task.isDone {
            task.addObserver(self)
            pending += 1
        }
        loop.suspend(waiter, on: self)
        if let deadline {
            timer = loop.callAt(deadline) { [unowned self] in
                self.loop.tracer?.timeoutExpired(self.waiter, at: self.loop.now)
                self.end(wake: true)
            }
        }
    }

    public func taskDidFinish(_ task: LoopTask) {
        guard !isOver else { return }
        pending -= 1
        switch condition {
        case .allCompleted: if pending == 0 { end(wake: true) }
        case .firstCompleted: end(wake: true)
        default: if pending == 0 || Self.endsWait(condition, task) { end(wake: true) }
        }
    }

    /// Whether `task`, finished, ends a wait under `condition` by itself.
    private static func endsWait(_ condition: Condition, _ task: LoopTask) -> Bool {
        switch condition {
        case .allCompleted: return false
        case .firstCompleted: return true
        case .firstException: return task.outcome == .failed
        case .firstUnsuccessful: return task.outcome != .returned
        }
    }

    public func withdraw(_ task: LoopTask) { end(wake: false) }

    public func forwardCancel(of waiter: LoopTask) -> Bool {
        guard cancelsTasksWithWaiter else { return false }
        var cancelledAny = false
        for task in tasks where loop.cancel(task, message: waiter.cancelMessage) { cancelledAny = true }
        if cancelledAny { cancelForwarded = true }
        return cancelledAny
    }

    /// Whether gather's waiter must see its own cancellation rather than the tasks' results:
    /// a forwarded cancel, unless a task's failure or cancellation ends the wait first
    /// (gather without return_exceptions raises that one).
    private var raisesForwardedCancel: Bool {
        guard cancelForwarded else { return false }
        return condition != .firstUnsuccessful || tasks.allSatisfy { $0.outcome == .returned }
    }

    private func end(wake: Bool) {
        guard !isOver else { return }
        isOver = true
        if let timer { loop.cancelTimer(timer) }
        for task in tasks where !task.isDone { task.removeObserver(self) }
        guard wake else { return }
        loop.wake(waiter)
        if raisesForwardedCancel { waiter.resumption = .byCancellation }
    }

    public func describeWait(of task: LoopTask) -> String {
        let pending = tasks.filter { !$0.isDone }.map(\.name)
        let names = pending.joined(separator: ", ")
        switch condition {
        case .allCompleted: return "all of \(names)"
        case .firstCompleted: return "the first of \(names)"
        case .firstException, .firstUnsuccessful: return "all of \(names) (or the first error)"
        }
    }
}
