import DequeModule

/// asyncio.Queue: a FIFO buffer with optional backpressure (`maxsize`), getters and
/// putters served first-come first-served, and `join`/`taskDone` accounting.
///
/// A woken waiter has something *reserved* for it until it runs: an item for a getter,
/// a free slot for a putter. Reservations are invisible to new callers, so nobody who
/// arrives later overtakes a waiter, and a reserved waiter that is cancelled hands its
/// reservation to the next one.
public final class Queue<Element>: WaitSource, CustomStringConvertible {
    public enum Failure: Error { case full, empty, taskDoneTooOften }

    /// The wait tags of the two sides and of `join`.
    private enum Side: Int { case get = 1, put, join }

    /// The loop outlives everything it runs, so this reference skips reference counting.
    public unowned(unsafe) let loop: EventLoop
    public let serial: Int
    /// 0 or less: unbounded.
    public let maxsize: Int
    public let kind: String
    private var buffer = Deque<Element>()
    private var getters = Deque<LoopTask>()
    private var putters = Deque<LoopTask>()
    private var joiners: [LoopTask] = []
    private var reservedItems = 0
    private var reservedSlots = 0
    public private(set) var unfinishedTasks = 0
    /// How many items were ever put.
    public private(set) var putCount = 0

    public init(loop: EventLoop, maxsize: Int, kind: String = "Queue") {
        self.loop = loop
        self.maxsize = maxsize
        self.kind = kind
        self.serial = loop.nextSerial(for: kind)
    }

    public var count: Int { buffer.count }
    public var isEmpty: Bool { buffer.isEmpty }
    public var isFull: Bool { maxsize > 0 && buffer.count >= maxsize }

    // MARK: Putting

    /// Whether a put would succeed now without waiting.
    public var hasFreeSlot: Bool { maxsize <= 0 || buffer.count + reservedSlots < maxsize }

    /// Appends `item` if there is a free slot nobody waits for.
    public func tryPut(_ item: Element) -> Bool {
        guard hasFreeSlot else { return false }
        append(item)
        return true
    }

    /// Parks the running task until a slot is reserved for it; then it calls `putReserved`.
    public func enqueuePutter(_ task: LoopTask) {
        task.waitTag = Side.put.rawValue
        putters.append(task)
        loop.suspend(task, on: self)
    }

    /// Fills the slot reserved for a woken putter.
    public func putReserved(_ item: Element) {
        precondition(reservedSlots > 0, "putReserved without a reserved slot: the putter was not woken by the queue")
        reservedSlots -= 1
        append(item)
    }

    private func append(_ item: Element) {
        buffer.append(item)
        putCount += 1
        unfinishedTasks += 1
        offerItem()
    }

    // MARK: Getting

    /// Removes the first item if one is there that no woken getter has reserved.
    public func tryGet() -> Element? {
        guard buffer.count > reservedItems else { return nil }
        return removeFirst()
    }

    /// Parks the running task until an item is reserved for it; then it calls `takeReserved`.
    public func enqueueGetter(_ task: LoopTask) {
        task.waitTag = Side.get.rawValue
        getters.append(task)
        loop.suspend(task, on: self)
    }

    /// Takes the item reserved for a woken getter.
    public func takeReserved() -> Element {
        precondition(reservedItems > 0, "takeReserved without a reserved item: the getter was not woken by the queue")
        reservedItems -= 1
        return removeFirst()
    }

    private func removeFirst() -> Element {
        let item = buffer.removeFirst()
        offerSlot()
        return item
    }

    // MARK: Joining

    public func taskDone() throws(Failure) {
        guard unfinishedTasks > 0 else { throw .taskDoneTooOften }
        unfinishedTasks -= 1
        if unfinishedTasks == 0 {
            let woken = joiners
            joiners.removeAll()
            for task in woken { loop.wake(task) }
        }
    }

    /// Parks the running task until every item put has been marked done.
    public func enqueueJoiner(_ task: LoopTask) {
        precondition(unfinishedTasks > 0, "join with no unfinished items returns at once; the caller checks first")
        task.waitTag = Side.join.rawValue
        joiners.append(task)
        loop.suspend(task, on: self)
    }

    // MARK: Handing over

    /// Reserves an unclaimed item for the first waiting getter.
    private func offerItem() {
        guard buffer.count > reservedItems, let getter = getters.popFirst() else { return }
        reservedItems += 1
        loop.wake(getter)
    }

    /// Reserves a free slot for the first waiting putter.
    private func offerSlot() {
        guard hasFreeSlot, let putter = putters.popFirst() else { return }
        reservedSlots += 1
        loop.wake(putter)
    }

    public func withdraw(_ task: LoopTask) {
        switch Side(rawValue: task.waitTag) {
        case .get:
            if let index = getters.firstIndex(where: { $0 === task }) {
                getters.remove(at: index)
            } else {
                reservedItems -= 1
                offerItem()
            }
        case .put:
            if let index = putters.firstIndex(where: { $0 === task }) {
                putters.remove(at: index)
            } else {
                reservedSlots -= 1
                offerSlot()
            }
        case .join:
            if let index = joiners.firstIndex(where: { $0 === task }) { joiners.remove(at: index) }
        case nil:
            preconditionFailure("\(task) withdrew from \(name) with unknown wait tag \(task.waitTag)")
        }
    }

    public func describeWait(of task: LoopTask) -> String {
        switch Side(rawValue: task.waitTag) {
        case .get: return "\(name):get (\(buffer.isEmpty ? "empty" : "size=\(buffer.count)"))"
        case .put: return "\(name):put (full, maxsize=\(maxsize))"
        default: return "\(name):join (unfinished=\(unfinishedTasks))"
        }
    }

    public var name: String { "\(kind)#\(serial)" }

    public var description: String {
        var parts = ["size=\(buffer.count)"]
        if maxsize > 0 { parts.append("maxsize=\(maxsize)") }
        if !getters.isEmpty { parts.append("getters=\(getters.count)") }
        if !putters.isEmpty { parts.append("putters=\(putters.count)") }
        if unfinishedTasks > 0 { parts.append("unfinished=\(unfinishedTasks)") }
        return "\(kind)(\(parts.joined(separator: ", ")))"
    }
}
