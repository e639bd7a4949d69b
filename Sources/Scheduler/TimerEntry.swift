/// A callback set to run at a deadline, which may be cancelled before it fires.
public final class TimerHandle {
    public let deadline: Int64
    public private(set) var isCancelled = false
    let callback: () -> Void
    /// Its slot in the loop's `TimerQueue` while it is armed.
    var slot: UInt32 = 0

    init(deadline: Int64, callback: @escaping () -> Void) {
        self.deadline = deadline
        self.callback = callback
    }

    /// Cancel through `EventLoop.cancelTimer`, which also frees its slot.
    func cancel() { isCancelled = true }
}

/// One entry of the loop's timer heap, ordered by (deadline, order): 16 plain bytes with no
/// reference in them, so that four siblings fill one cache line and neither ordering nor
/// the liveness check leaves the heap for a task or handle elsewhere in memory.
///
/// The order breaks ties in the order timers were set, so equal deadlines fire in a
/// reproducible order that never depends on how the heap happens to lay them out. It is
/// also the entry's generation: the entry is live while its slot's owner is its order.
struct TimerEntry {
    let deadline: Int64
    var order: UInt32
    let slot: UInt32

    @inline(__always)
    func precedes(_ other: TimerEntry) -> Bool {
        deadline < other.deadline || (deadline == other.deadline && order < other.order)
    }
}
