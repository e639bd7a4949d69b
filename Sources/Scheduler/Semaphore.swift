import DequeModule

/// asyncio.Semaphore: `value` free slots, waiters served first-come first-served.
///
/// A release with waiters hands the slot straight to the first of them instead of
/// raising `value`, so a task that arrives later can never take it first.
public final class Semaphore: WaitSource, CustomStringConvertible {
    public enum ReleaseError: Error { case overReleased(bound: Int) }

    /// The loop outlives everything it runs, so this reference skips reference counting.
    public unowned(unsafe) let loop: EventLoop
    public let serial: Int
    public private(set) var value: Int
    /// For BoundedSemaphore: the value that `release` may never exceed.
    public let bound: Int?
    private var waiters = Deque<LoopTask>()

    public init(loop: EventLoop, value: Int, bounded: Bool = false) {
        precondition(value >= 0, "a semaphore's initial value is never negative")
        self.loop = loop
        self.value = value
        self.bound = bounded ? value : nil
        self.serial = loop.nextSerial(for: "Semaphore")
    }

    public var waiterCount: Int { waiters.count }

    /// True when an acquire would have to wait.
    public var isLocked: Bool { value == 0 }

    /// Takes a slot if one is free; never waits.
    public func tryAcquire() -> Bool {
        guard value > 0 else { return false }
        assert(waiters.isEmpty, "a free slot while tasks wait: release must hand slots to waiters")
        value -= 1
        return true
    }

    /// Parks the running task until a slot is handed to it.
    public func enqueue(_ task: LoopTask) {
        waiters.append(task)
        loop.suspend(task, on: self)
    }

    public func release() throws(ReleaseError) {
        if let bound, value >= bound, waiters.isEmpty { throw .overReleased(bound: bound) }
        handOn()
    }

    /// Gives a slot to the first waiter, or back to the pool.
    private func handOn() {
        if let next = waiters.popFirst() {
            loop.wake(next)
        } else {
            value += 1
        }
    }

    public func withdraw(_ task: LoopTask) {
        if let index = waiters.firstIndex(where: { $0 === task }) {
            waiters.remove(at: index)
        } else {
            handOn()  // it had been handed a slot it will never use
        }
    }

    public func describeWait(of task: LoopTask) -> String { "\(name):acquire (\(state))" }

    public var name: String { "\(bound == nil ? "Semaphore" : "BoundedSemaphore")#\(serial)" }
    private var state: String { "value=\(value), waiters=\(waiters.count)" }
    public var description: String { "\(bound == nil ? "Semaphore" : "BoundedSemaphore")(\(state))" }
}
