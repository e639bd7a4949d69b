import DequeModule

/// asyncio.Condition's waiting room: tasks wait here, lock released, until notified.
///
/// Re-acquiring the lock after a wakeup is the waiter's own business (the prelude does it,
/// as CPython's `Condition.wait` does); this type only keeps the notify order. A notified
/// waiter that is cancelled before it runs passes its notification on (the prelude does
/// that too), so a notify is never lost to a task that will not act on it.
public final class Condition: WaitSource, CustomStringConvertible {
    /// The loop outlives everything it runs.
    let owner: Uncounted<EventLoop>
    public var loop: EventLoop { owner.object }
    public let serial: Int
    public let lock: Semaphore
    private var waiters = Deque<QueuedTask>()

    public init(loop: EventLoop, lock: Semaphore) {
        self.owner = Uncounted(loop)
        self.lock = lock
        self.serial = loop.nextSerial(for: "Condition")
    }

    public var waiterCount: Int { waiters.count }

    /// Parks the running task until a notify reaches it.
    public func enqueue(_ task: LoopTask) {
        waiters.append(QueuedTask(task))
        owner.borrow { $0.suspend(task, on: self) }
    }

    /// Wakes up to `n` waiters, first come first served; returns how many woke.
    @discardableResult
    public func notify(_ n: Int) -> Int {
        loop.tracer?.operation(TraceKey(.condition, serial: serial, part: 1), by: loop.current, at: loop.now) {
            "Condition#\(serial):notify"
        }
        var woken = 0
        while woken < n, let waiter = waiters.popFirst() {
            loop.wake(waiter)
            woken += 1
        }
        return woken
    }

    /// A cancelled waiter leaves the room. One that had been notified passes the
    /// notification on from the prelude's `wait` (once, as CPython's does), not from here.
    public func withdraw(_ task: LoopTask) {
        if let index = waiters.firstIndex(where: { $0.refers(to: task) }) { waiters.remove(at: index) }
    }

    public func describeWait(of task: LoopTask) -> String { "Condition#\(serial):wait (\(state))" }

    public func traceKey(of task: LoopTask) -> TraceKey? {
        TraceKey(.condition, serial: serial, part: 2, state: lock.isLocked ? 1 : 0, more: UInt64(waiters.count))
    }

    private var state: String { "\(lock.isLocked ? "locked" : "unlocked"), waiters=\(waiters.count)" }

    public var description: String { "Condition(\(state))" }
}
