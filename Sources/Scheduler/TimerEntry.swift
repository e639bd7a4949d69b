/// A callback set to run at a deadline, which may be cancelled before it fires.
public final class TimerHandle {
    public let deadline: Int64
    public private(set) var isCancelled = false
    let callback: () -> Void

    init(deadline: Int64, callback: @escaping () -> Void) {
        self.deadline = deadline
        self.callback = callback
    }

    /// Cancel through `EventLoop.cancelTimer`, which also keeps the heap compact.
    func cancel() { isCancelled = true }
}

/// One entry of the loop's timer heap, ordered by (deadline, sequence).
///
/// The sequence breaks ties in the order timers were set, so equal deadlines fire in a
/// reproducible order that never depends on how the heap happens to lay them out.
struct TimerEntry: Comparable {
    enum Action {
        /// Ends the sleep of a task, if the task still sleeps on this very timer.
        case wake(LoopTask)
        case fire(TimerHandle)
    }

    let deadline: Int64
    let sequence: UInt64
    let action: Action

    static func < (a: TimerEntry, b: TimerEntry) -> Bool {
        (a.deadline, a.sequence) < (b.deadline, b.sequence)
    }

    static func == (a: TimerEntry, b: TimerEntry) -> Bool { a.sequence == b.sequence }

    /// False once the timer was cancelled or its sleeper woke another way.
    var isLive: Bool {
        switch action {
        case .wake(let task): return task.sleepTimer == sequence
        case .fire(let handle): return !handle.isCancelled
        }
    }
}
