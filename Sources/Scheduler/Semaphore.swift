import DequeModule

/// asyncio.Semaphore, BoundedSemaphore and Lock: `value` free slots, waiters served
/// first-come first-served.
///
/// A release with waiters hands the slot straight to the first of them instead of
/// raising `value`, so a task that arrives later can never take it first. A Lock is a
/// bounded semaphore of one slot that describes itself as locked or unlocked.
public final class Semaphore: WaitSource, CustomStringConvertible {
    public enum ReleaseError: Error { case overReleased(bound: Int) }
    public enum Kind: String { case semaphore = "Semaphore", bounded = "BoundedSemaphore", lock = "Lock" }

    /// The loop outlives everything it runs.
    let owner: Uncounted<EventLoop>
    public var loop: EventLoop { owner.object }
    public let serial: Int
    public private(set) var value: Int
    /// For BoundedSemaphore: the value that `release` may never exceed.
    public let bound: Int?
    private var waiters = Deque<QueuedTask>()
    /// Who holds a slot: the task that acquired it, until some task releases one.
    public private(set) var holders: [LoopTask] = []

    public let kind: Kind

    public init(loop: EventLoop, value: Int, kind: Kind = .semaphore) {
        precondition(value >= 0, "a semaphore's initial value is never negative")
        precondition(kind != .lock || value == 1, "a lock is a semaphore of one slot")
        self.owner = Uncounted(loop)
        self.value = value
        self.kind = kind
        self.bound = kind == .semaphore ? nil : value
        self.serial = loop.nextSerial(for: kind.rawValue)
        self.slots = value
    }

    /// The slots it was made with: the limit a timeline draws its holders against.
    public let slots: Int

    public var waiterCount: Int { waiters.count }

    /// Slots handed to woken waiters that have not run yet. While there are any, a new
    /// caller waits even if a slot is free, so that it cannot overtake them (CPython's
    /// rule: a woken waiter still counts as waiting until it runs).
    private var handedOut = 0

    /// True when an acquire would have to wait.
    public var isLocked: Bool { value == 0 || handedOut > 0 }

    /// Takes a slot if one is free and nobody woken is still to run; never waits.
    public func tryAcquire() -> Bool {
        guard value > 0 && handedOut == 0 else { return false }
        assert(waiters.isEmpty, "a free slot while tasks wait: release must hand slots to waiters")
        value -= 1
        if let task = loop.current { hold(task) }
        return true
    }

    /// Parks the running task until a slot is handed to it.
    public func enqueue(_ task: LoopTask) {
        waiters.append(QueuedTask(task))
        owner.borrow { $0.suspend(task, on: self) }
    }

    /// Gives a slot back: the releasing task's own if it holds one, else the oldest held.
    public func release() throws(ReleaseError) {
        if waiters.isEmpty, value >= (bound ?? Int.max) { throw .overReleased(bound: bound ?? Int.max) }
        if let index = holders.firstIndex(where: { $0 === loop.current }) ?? (holders.isEmpty ? nil : 0) {
            unhold(at: index)
        }
        loop.tracer?.operation(traceKey(1), by: loop.current, at: loop.now) { "\(name):release" }
        handOn()
    }

    /// Gives a slot to the first waiter, or back to the pool.
    private func handOn() {
        if let next = waiters.popFirst() {
            handedOut += 1
            next.borrow { hold($0) }
            owner.borrow { $0.wake(next) }
        } else {
            value += 1
        }
    }

    /// A woken waiter runs with the slot it was handed; slots freed meanwhile go on to the
    /// next waiters (CPython does this in `acquire`'s `finally`).
    public func waiterResumed() {
        if handedOut > 0 { handedOut -= 1 }
        while value > 0, !waiters.isEmpty {
            value -= 1
            handOn()
        }
    }

    public func withdraw(_ task: LoopTask) {
        if let index = waiters.firstIndex(where: { $0.refers(to: task) }) {
            waiters.remove(at: index)
        } else {
            // It had been handed a slot it will never use.
            handedOut -= 1
            if let index = holders.firstIndex(where: { $0 === task }) { unhold(at: index) }
            handOn()
        }
    }

    private func hold(_ task: LoopTask) {
        holders.append(task)
        task.noteHolding(self)
        loop.tracer?.counter(traceKey(0), value: holders.count, limit: slots, at: loop.now) { "\(name) holders" }
    }

    private func unhold(at index: Int) {
        holders.remove(at: index).noteReleased(self)
        loop.tracer?.counter(traceKey(0), value: holders.count, limit: slots, at: loop.now) { "\(name) holders" }
    }

    public func describeWait(of task: LoopTask) -> String { "\(name):acquire (\(state))" }

    /// What `describeWait(of:)` says, in numbers.
    public func traceKey(of task: LoopTask) -> TraceKey? {
        traceKey(2, state: TraceKey.word(value), more: UInt64(waiters.count) << 1 | (isLocked ? 1 : 0))
    }

    /// Part 0 is the holders counter, 1 the release mark, 2 the wait.
    private func traceKey(_ part: UInt8, state: UInt64 = 0, more: UInt64 = 0) -> TraceKey {
        let family: TraceKey.Family = switch kind {
        case .semaphore: .semaphore
        case .bounded: .boundedSemaphore
        case .lock: .lock
        }
        return TraceKey(family, serial: serial, part: part, state: state, more: more)
    }

    public var name: String { "\(kind.rawValue)#\(serial)" }

    private var state: String {
        let head = kind == .lock ? (isLocked ? "locked" : "unlocked") : "value=\(value)"
        return waiters.isEmpty && kind == .lock ? head : "\(head), waiters=\(waiters.count)"
    }

    public var description: String { "\(kind.rawValue)(\(state))" }
}
