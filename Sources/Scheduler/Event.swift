import DequeModule

/// asyncio.Event: a flag that tasks wait on until it is set.
public final class Event: WaitSource, CustomStringConvertible {
    /// The loop outlives everything it runs.
    let owner: Uncounted<EventLoop>
    public var loop: EventLoop { owner.object }
    public let serial: Int
    public private(set) var isSet = false
    /// The waiters in the order they came: the first kept inline, as most Events have one
    /// waiter at a time (a deque's append and removal cost more than the rest of a wake);
    /// `moreWaiters` come after it, and it is taken only while `moreWaiters` is empty.
    private var firstWaiter: QueuedTask?
    private var moreWaiters = Deque<QueuedTask>()
    /// What a waiter waits for, when the Event stands for something else (a socket's news:
    /// `reader#2:readline (peer 127.0.0.1:50312)`); nil, or a nil answer, describes the Event.
    public var describesWaiter: ((LoopTask) -> String?)?
    /// The id of the task a waiter waits for, when the Event stands for another task's
    /// action (a socket's news: whoever waits at the other end), for wait-for chains.
    public var blockerOfWaiter: ((LoopTask) -> Int?)?

    public init(loop: EventLoop) {
        self.owner = Uncounted(loop)
        self.serial = loop.nextSerial(for: "Event")
    }

    /// Sets the flag and wakes every waiter, in the order they came.
    public func set() {
        guard !isSet else { return }
        isSet = true
        owner.borrow { loop in
            // An Event that stands for something else (a socket's news) leaves the trace to it.
            if describesWaiter == nil, let tracer = loop.tracer {
                let now = loop.now  // one clock read for both
                tracer.operation(TraceKey(.event, serial: serial, part: 1), by: loop.current, at: now) { "Event#\(serial):set" }
                tracer.counter(TraceKey(.event, serial: serial, part: 2), value: 1, limit: 1, at: now) { "Event#\(serial) set" }
            }
            if let first = firstWaiter {
                firstWaiter = nil
                loop.wake(first)
            }
            // Taken off one by one: emptying a whole array afterwards cost more than waking.
            while !moreWaiters.isEmpty { loop.wake(moreWaiters.removeFirst()) }
        }
    }

    public func clear() {
        guard isSet else { return }
        isSet = false
        guard describesWaiter == nil else { return }
        owner.borrow { loop in
            loop.tracer?.counter(TraceKey(.event, serial: serial, part: 2), value: 0, limit: 1, at: loop.now) { "Event#\(serial) set" }
        }
    }

    /// Parks the running task until the flag is set.
    public func enqueue(_ task: LoopTask) {
        precondition(!isSet, "wait on a set Event returns at once; the caller checks first")
        if firstWaiter == nil && moreWaiters.isEmpty {
            firstWaiter = QueuedTask(task)
        } else {
            moreWaiters.append(QueuedTask(task))
        }
        owner.borrow { $0.suspend(task, on: self) }
    }

    public func withdraw(_ task: LoopTask) {
        if firstWaiter?.refers(to: task) == true {
            firstWaiter = nil
        } else if let index = moreWaiters.firstIndex(where: { $0.refers(to: task) }) {
            moreWaiters.remove(at: index)
        }
    }

    public func describeWait(of task: LoopTask) -> String {
        if let described = describesWaiter?(task) { return described }
        return "Event#\(serial):wait (\(isSet ? "set" : "unset"))"
    }

    public func traceKey(of task: LoopTask) -> TraceKey? {
        describesWaiter == nil ? TraceKey(.event, serial: serial, part: 3, state: isSet ? 1 : 0) : nil
    }

    private var waiterCount: Int { (firstWaiter == nil ? 0 : 1) + moreWaiters.count }

    public var description: String { "Event(\(isSet ? "set" : "unset"), waiters=\(waiterCount))" }
}
