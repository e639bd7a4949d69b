import DequeModule
import HeapModule

/// asyncio.Queue, LifoQueue and PriorityQueue: a buffer with optional backpressure
/// (`maxsize`), getters and putters served first-come first-served, `join`/`taskDone`
/// accounting, and `shutdown`.
///
/// A woken waiter has something *reserved* for it until it runs: an item for a getter, a
/// free slot for a putter. Reservations are invisible to new callers, so nobody who arrives
/// later overtakes a waiter, and a reserved waiter that is cancelled hands its reservation
/// to the next one.
public final class Queue<Element: Comparable>: WaitSource, CustomStringConvertible {
    public enum Failure: Error { case full, empty, taskDoneTooOften }

    /// Which item a get takes: the oldest, the newest, or the smallest.
    public enum Order: String {
        case fifo = "Queue", lifo = "LifoQueue", priority = "PriorityQueue"
    }

    /// The wait tags of the two sides and of `join`.
    private enum Side: UInt8 { case get = 1, put, join }

    /// The loop outlives everything it runs.
    let owner: Uncounted<EventLoop>
    public var loop: EventLoop { owner.object }
    public let serial: Int
    /// 0 or less: unbounded.
    public let maxsize: Int
    public let order: Order
    /// FIFO and LIFO queues keep their items here…
    private var sequence = Deque<Element>()
    /// …and priority queues here.
    private var heap = Heap<Element>()
    private var getters = Deque<QueuedTask>()
    private var putters = Deque<QueuedTask>()
    private var joiners: [QueuedTask] = []
    private var reservedItems = 0
    private var reservedSlots = 0
    public private(set) var unfinishedTasks = 0
    /// How many items were ever put.
    public private(set) var putCount = 0
    /// After `shutdown`, puts fail, and gets fail once the queue is empty.
    public private(set) var isShutDown = false

    public init(loop: EventLoop, maxsize: Int, order: Order = .fifo) {
        self.owner = Uncounted(loop)
        self.maxsize = maxsize
        self.order = order
        self.serial = loop.nextSerial(for: order.rawValue)
    }

    public var count: Int { order == .priority ? heap.count : sequence.count }
    /// The item a get would take next.
    public var next: Element? {
        switch order {
        case .fifo: return sequence.first
        case .lifo: return sequence.last
        case .priority: return heap.min
        }
    }
    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { maxsize > 0 && count >= maxsize }

    // MARK: Putting

    /// Whether a put would succeed now without waiting.
    public var hasFreeSlot: Bool { maxsize <= 0 || count + reservedSlots < maxsize }

    /// Adds `item` if there is a free slot nobody waits for.
    public func tryPut(_ item: Element) -> Bool {
        guard hasFreeSlot else { return false }
        append(item)
        return true
    }

    /// Parks the running task until a slot is reserved for it; then it calls `putReserved`.
    public func enqueuePutter(_ task: LoopTask) {
        task.waitTag = Side.put.rawValue
        putters.append(QueuedTask(task))
        owner.borrow { $0.suspend(task, on: self) }
    }

    /// Fills the slot reserved for a woken putter; false if the queue was shut down since.
    @discardableResult
    public func putReserved(_ item: Element) -> Bool {
        guard reservedSlots > 0 else { return false }  // not woken by the queue: refused
        reservedSlots -= 1
        guard !isShutDown else { return false }
        append(item)
        return true
    }

    /// A woken putter that will not put after all frees its slot for the next one.
    public func giveUpReservedSlot() {
        guard reservedSlots > 0 else { return }
        reservedSlots -= 1
        offerSlot()
    }

    private func append(_ item: Element) {
        if order == .priority { heap.insert(item) } else { sequence.append(item) }
        putCount += 1
        unfinishedTasks += 1
        if let tracer = owner.borrow(\.tracer) {  // (`loop` would retain the loop at every put)
            let now = loop.now  // one clock read for both
            tracer.operation(traceKey(.put), by: loop.current, at: now) { "\(name):put" }
            tracer.counter(traceKey(0), value: count, limit: maxsize > 0 ? maxsize : nil, at: now) { "\(name) size" }
        }
        offerItem()
    }

    // MARK: Getting

    /// Removes the next item if one is there that no woken getter has reserved.
    public func tryGet() -> Element? {
        guard count > reservedItems else { return nil }
        return removeNext()
    }

    /// Parks the running task until an item is reserved for it; then it calls `takeReserved`.
    public func enqueueGetter(_ task: LoopTask) {
        task.waitTag = Side.get.rawValue
        getters.append(QueuedTask(task))
        owner.borrow { $0.suspend(task, on: self) }
    }

    /// Takes the item reserved for a woken getter; nil if an immediate shutdown emptied
    /// the queue since.
    public func takeReserved() -> Element? {
        guard reservedItems > 0 else { return nil }  // shut down since, or not woken by the queue
        reservedItems -= 1
        return removeNext()
    }

    private func removeNext() -> Element {
        let item: Element
        switch order {
        case .fifo: item = sequence.removeFirst()
        case .lifo: item = sequence.removeLast()
        case .priority: item = heap.removeMin()
        }
        if let tracer = owner.borrow(\.tracer) {
            let now = loop.now  // one clock read for both
            tracer.operation(traceKey(.get), by: loop.current, at: now) { "\(name):get" }
            tracer.counter(traceKey(0), value: count, limit: maxsize > 0 ? maxsize : nil, at: now) { "\(name) size" }
        }
        offerSlot()
        return item
    }

    // MARK: Joining

    public func taskDone() throws(Failure) {
        guard unfinishedTasks > 0 else { throw .taskDoneTooOften }
        unfinishedTasks -= 1
        if unfinishedTasks == 0 { wakeJoiners() }
    }

    /// Parks the running task until every item put has been marked done.
    public func enqueueJoiner(_ task: LoopTask) {
        precondition(unfinishedTasks > 0, "join with no unfinished items returns at once; the caller checks first")
        task.waitTag = Side.join.rawValue
        joiners.append(QueuedTask(task))
        loop.suspend(task, on: self)
    }

    private func wakeJoiners() {
        let woken = joiners
        joiners.removeAll()
        for waiter in woken { loop.wake(waiter) }
    }

    // MARK: Shutting down

    /// Refuses further puts and wakes every waiting putter and getter with `queueShutDown`.
    /// `immediate` also drops the items still queued (returned, so their storage can be
    /// freed) and counts them as done.
    @discardableResult
    public func shutDown(immediate: Bool) -> [Element] {
        isShutDown = true
        var dropped: [Element] = []
        if immediate {
            while count > 0 {
                dropped.append(order == .priority ? heap.removeMin() : sequence.removeFirst())
                if unfinishedTasks > 0 { unfinishedTasks -= 1 }
            }
            reservedItems = 0
            if unfinishedTasks == 0 { wakeJoiners() }
        }
        // Waiting getters only wait while no item is left for them: all of them fail.
        while let getter = getters.popFirst() { loop.wake(getter, failing: .queueShutDown) }
        while let putter = putters.popFirst() { loop.wake(putter, failing: .queueShutDown) }
        return dropped
    }

    // MARK: Handing over

    /// Reserves an unclaimed item for the first waiting getter.
    @inline(__always)
    private func offerItem() {
        // (Whether anyone waits first: most puts find nobody, and a pop costs a call.)
        guard !getters.isEmpty, count > reservedItems, let getter = getters.popFirst() else { return }
        reservedItems += 1
        owner.borrow { $0.wake(getter) }
    }

    /// Reserves a free slot for the first waiting putter.
    @inline(__always)
    private func offerSlot() {
        guard !putters.isEmpty, hasFreeSlot, let putter = putters.popFirst() else { return }
        reservedSlots += 1
        owner.borrow { $0.wake(putter) }
    }

    public func withdraw(_ task: LoopTask) {
        switch Side(rawValue: task.waitTag) {
        case .get:
            if let index = getters.firstIndex(where: { $0.refers(to: task) }) {
                getters.remove(at: index)
            } else if reservedItems > 0 {
                reservedItems -= 1
                offerItem()
            }
        case .put:
            if let index = putters.firstIndex(where: { $0.refers(to: task) }) {
                putters.remove(at: index)
            } else {
                reservedSlots -= 1
                offerSlot()
            }
        case .join:
            if let index = joiners.firstIndex(where: { $0.refers(to: task) }) { joiners.remove(at: index) }
        case nil:
            preconditionFailure("\(task) withdrew from \(name) with unknown wait tag \(task.waitTag)")
        }
    }

    public func describeWait(of task: LoopTask) -> String {
        switch Side(rawValue: task.waitTag) {
        case .get: return "\(name):get (\(isEmpty ? "empty" : "size=\(count)"))"
        case .put: return "\(name):put (full, maxsize=\(maxsize))"
        default: return "\(name):join (unfinished=\(unfinishedTasks))"
        }
    }

    /// What `describeWait(of:)` says, in numbers.
    public func traceKey(of task: LoopTask) -> TraceKey? {
        switch Side(rawValue: task.waitTag) {
        case .get: return traceKey(4, state: isEmpty ? 0 : UInt64(count) + 1)
        case .put: return traceKey(5, state: TraceKey.word(maxsize))
        default: return traceKey(6, state: TraceKey.word(unfinishedTasks))
        }
    }

    /// Part 0 is the size counter, 1-3 the operations (`Side`), 4-6 the waits.
    private func traceKey(_ part: UInt8, state: UInt64 = 0) -> TraceKey {
        let family: TraceKey.Family = switch order {
        case .fifo: .queue
        case .lifo: .lifoQueue
        case .priority: .priorityQueue
        }
        return TraceKey(family, serial: serial, part: part, state: state)
    }

    private func traceKey(_ side: Side) -> TraceKey { traceKey(side.rawValue) }

    public var name: String { "\(order.rawValue)#\(serial)" }

    public var description: String {
        var parts = ["size=\(count)"]
        if maxsize > 0 { parts.append("maxsize=\(maxsize)") }
        if !getters.isEmpty { parts.append("getters=\(getters.count)") }
        if !putters.isEmpty { parts.append("putters=\(putters.count)") }
        if unfinishedTasks > 0 { parts.append("unfinished=\(unfinishedTasks)") }
        if isShutDown { parts.append("shut down") }
        return "\(order.rawValue)(\(parts.joined(separator: ", ")))"
    }
}
