/// The loop's ready queue: task references in the order they run, and nil where the next
/// callback runs, in a ring that doubles when full.
///
/// A `Deque` checked its storage's uniqueness and went through closures at every append
/// and removal, more than a tenth of the loop's own work in a task switch. The entries are
/// uncounted references (`QueuedTask`): trivial values, so the ring only stores and loads.
struct ReadyQueue: ~Copyable {
    private var slots: UnsafeMutablePointer<QueuedTask?>
    /// The capacity less one: the capacity is a power of two, so an index wraps with a mask.
    private var mask: Int
    private var head = 0
    private(set) var count = 0

    init() {
        mask = 63
        slots = .allocate(capacity: mask + 1)
    }

    deinit { slots.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ entry: QueuedTask?) {
        if count > mask { grow() }
        slots[(head + count) & mask] = entry
        count += 1
    }

    /// Takes the first entry off; the queue must not be empty.
    @inline(__always)
    mutating func removeFirst() -> QueuedTask? {
        precondition(count > 0, "removeFirst on an empty ready queue")
        let entry = slots[head]
        head = (head + 1) & mask
        count -= 1
        return entry
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        let grown = UnsafeMutablePointer<QueuedTask?>.allocate(capacity: capacity)
        for index in 0..<count { grown[index] = slots[(head + index) & mask] }
        slots.deallocate()
        slots = grown
        mask = capacity - 1
        head = 0
    }
}
