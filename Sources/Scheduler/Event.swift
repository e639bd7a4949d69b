/// asyncio.Event: a flag that tasks wait on until it is set.
public final class Event: WaitSource, CustomStringConvertible {
    /// The loop outlives everything it runs, so this reference skips reference counting.
    public unowned(unsafe) let loop: EventLoop
    public let serial: Int
    public private(set) var isSet = false
    private var waiters: [LoopTask] = []

    public init(loop: EventLoop) {
        self.loop = loop
        self.serial = loop.nextSerial(for: "Event")
    }

    /// Sets the flag and wakes every waiter, in the order they came.
    public func set() {
        guard !isSet else { return }
        isSet = true
        loop.tracer?.operation("Event#\(serial):set", by: loop.current, at: loop.now)
        // Waking touches only the loop's ready queue, never this list: no copy is needed
        // (copying it, then emptying it, made a fresh array at every set).
        for task in waiters { loop.wake(task) }
        waiters.removeAll(keepingCapacity: true)
    }

    public func clear() { isSet = false }

    /// Parks the running task until the flag is set.
    public func enqueue(_ task: LoopTask) {
        precondition(!isSet, "wait on a set Event returns at once; the caller checks first")
        waiters.append(task)
        loop.suspend(task, on: self)
    }

    public func withdraw(_ task: LoopTask) {
        if let index = waiters.firstIndex(where: { $0 === task }) { waiters.remove(at: index) }
    }

    public func describeWait(of task: LoopTask) -> String { "Event#\(serial):wait (\(isSet ? "set" : "unset"))" }

    public var description: String { "Event(\(isSet ? "set" : "unset"), waiters=\(waiters.count))" }
}
