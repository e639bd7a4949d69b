/// Told what the loop does, to draw timelines and write traces. Every call carries the
/// loop time in ticks.
///
/// The loop holds an optional tracer and checks it before building anything for it, so
/// a run without one pays a nil check per event and nothing else.
public protocol LoopTracer: AnyObject {
    /// A task was created and is ready for its first turn.
    func taskStarted(_ task: LoopTask, at time: Int64)
    /// The task's body runs from now.
    func taskResumed(_ task: LoopTask, at time: Int64)
    /// The task stopped running: it waits on `waitingOn`, or (nil) is ready again.
    func taskSuspended(_ task: LoopTask, waitingOn: String?, at time: Int64)
    /// As above, with what it waits on still unnamed: a recording tracer names each
    /// distinct wait once (`WaitSource.traceKey`), not once a suspension.
    func taskSuspended(_ task: LoopTask, on source: WaitSource?, at time: Int64)
    /// `waker` (nil: a timer, or the loop itself) made `task` ready.
    func taskWoken(_ task: LoopTask, by waker: LoopTask?, at time: Int64)
    func taskFinished(_ task: LoopTask, at time: Int64)
    /// A primitive operation worth a mark: `Queue#1:put`, `Event#2:set`.
    func operation(_ name: String, by task: LoopTask?, at time: Int64)
    /// As above, named by `key`; `name` makes the text when the tracer needs it.
    func operation(_ key: TraceKey, by task: LoopTask?, at time: Int64, name: () -> String)
    /// A sampled quantity: a queue's depth, a semaphore's holders.
    func counter(_ name: String, value: Int, at time: Int64)
    /// A sampled quantity with the most it can be (a queue's maxsize, a semaphore's slots);
    /// nil when unbounded.
    func counter(_ name: String, value: Int, limit: Int?, at time: Int64)
    /// As above, named by `key`; `name` makes the text when the tracer needs it.
    func counter(_ key: TraceKey, value: Int, limit: Int?, at time: Int64, name: () -> String)
    /// `canceller` (nil: a timer, the loop) asked `task` to cancel.
    func taskCancelRequested(_ task: LoopTask, by canceller: LoopTask?, at time: Int64)
    /// A deadline of `task` expired: a `timeout` or `wait_for` cancels it (the cancel
    /// follows), `asyncio.wait`'s timeout wakes it.
    func timeoutExpired(_ task: LoopTask, at time: Int64)
}

/// Tracers that only count or watch need not care about limits, keys or who cancelled whom.
extension LoopTracer {
    public func counter(_ name: String, value: Int, limit: Int?, at time: Int64) {
        counter(name, value: value, at: time)
    }

    public func taskSuspended(_ task: LoopTask, on source: WaitSource?, at time: Int64) {
        taskSuspended(task, waitingOn: source?.describeWait(of: task), at: time)
    }

    public func operation(_ key: TraceKey, by task: LoopTask?, at time: Int64, name: () -> String) {
        operation(name(), by: task, at: time)
    }

    public func counter(_ key: TraceKey, value: Int, limit: Int?, at time: Int64, name: () -> String) {
        counter(name(), value: value, limit: limit, at: time)
    }

    public func taskCancelRequested(_ task: LoopTask, by canceller: LoopTask?, at time: Int64) {}

    public func timeoutExpired(_ task: LoopTask, at time: Int64) {}
}
