/// Something a task can wait on: a primitive, a timer, another task.
public protocol WaitSource: AnyObject {
    /// `task` stops waiting here because it was cancelled.
    ///
    /// The task is either still queued here, or was already woken but has not run yet.
    /// In the second case a primitive that handed it something (a slot, an item) passes
    /// that on to the next waiter, so a cancelled waiter never consumes a wakeup.
    func withdraw(_ task: LoopTask)

    /// What `task` waits on, for reports: `Queue#1:get (empty, maxsize=5)`.
    func describeWait(of task: LoopTask) -> String

    /// `describeWait(of:)` in numbers, for tracers: equal keys, equal descriptions. Nil
    /// (the default) has them describe every wait.
    func traceKey(of task: LoopTask) -> TraceKey?

    /// Passes a cancellation of `waiter` on to what it waits for, as asyncio does when a
    /// task awaiting another task is cancelled. True means the waiter keeps waiting, to
    /// see that cancellation through; false means the waiter itself is interrupted.
    func forwardCancel(of waiter: LoopTask) -> Bool
}

extension WaitSource {
    public func forwardCancel(of waiter: LoopTask) -> Bool { false }

    public func traceKey(of task: LoopTask) -> TraceKey? { nil }
}

/// Why a primitive ended a wait without serving it.
public enum WaitFailure: Equatable {
    /// The queue was shut down (asyncio's QueueShutDown).
    case queueShutDown
    /// The waiter no longer wants what it waited for: the coroutine whose await the task
    /// carried was closed (`coroutine.close`).
    case abandoned
}

/// Told when a task it watches finishes.
public protocol TaskObserver: AnyObject {
    func taskDidFinish(_ task: LoopTask)
}
