/// The loop's timers: a 4-ary min-heap of `TimerEntry` values laid out a cache line per
/// family, and a slot table saying what each armed timer does.
///
/// At a million timers the heap outgrows the caches. swift-collections' min-max `Heap`, with
/// 24-byte entries that held the task or handle, spent a pop's time on cache misses down
/// twenty levels, and the liveness check visited each task. Here a pop goes down ten levels,
/// each one cache line of four 16-byte siblings (the array is 64-byte aligned and the root
/// sits at position 3, so that each family starts a line), choosing the least child without
/// comparing it to the entry that moves (it belongs near the bottom); and liveness is one
/// read of the slot table. Cancelling frees the slot at once; the dead entry leaves the heap
/// when it comes to the top, or sooner when dead entries are most of the heap.
final class TimerQueue {
    enum Action {
        /// Ends a task's sleep. Not counted: a sleeping task is unfinished, so the loop's
        /// live list owns it, and its slot is freed before it can run (and so finish).
        case wake(Uncounted<LoopTask>)
        case fire(TimerHandle)
        case none
    }

    private struct Slot {
        /// The order of the timer armed in this slot; 0 while the slot is free.
        var owner: UInt32
        var action: Action
    }

    private var slots: [Slot] = []
    private var freeSlots: [UInt32] = []
    /// The order the next timer gets. Orders are 32 bits to keep entries at 16 bytes: when
    /// they run out, the armed timers are numbered again from 1 in their order.
    private var nextOrder: UInt32 = 1
    /// The order at which the armed timers are renumbered, never handed out (tests lower it).
    var orderLimit: UInt32 = .max
    /// Entries in the heap whose timer was cancelled.
    private var deadEntries = 0

    /// The heap, at positions `root ..< root + count` of a 64-byte aligned buffer.
    private var storage: UnsafeMutablePointer<TimerEntry>
    private var capacity = 64
    private(set) var entryCount = 0
    private static let root = 3

    init() { storage = Self.allocate(capacity) }

    deinit { storage.deallocate() }

    var isEmpty: Bool { entryCount == 0 }
    /// Slots ever made: the most timers that were armed at once.
    var slotCount: Int { slots.count }

    /// Arms a timer; returns its slot, which `cancel` takes.
    func add(_ deadline: Int64, _ action: Action) -> UInt32 {
        if nextOrder >= orderLimit { rebuild(renumbering: true) }
        let order = nextOrder
        nextOrder += 1
        let slot: UInt32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(slot)] = Slot(owner: order, action: action)
        } else {
            slot = UInt32(slots.count)
            slots.append(Slot(owner: order, action: action))
        }
        if Self.root + entryCount == capacity { grow() }
        entryCount += 1
        siftUp(TimerEntry(deadline: deadline, order: order, slot: slot), from: Self.root + entryCount - 1)
        return slot
    }

    /// Disarms the timer in `slot`, which must be armed.
    func cancel(slot: UInt32) {
        release(slot)
        deadEntries += 1
        if deadEntries > 64 && deadEntries * 2 > entryCount { rebuild(renumbering: false) }
    }

    /// The deadline of the earliest armed timer, if any (dead entries on top are dropped).
    func nextDeadline() -> Int64? {
        while entryCount > 0 {
            let first = storage[Self.root]
            if isLive(first) { return first.deadline }
            removeFirst()
            deadEntries -= 1
        }
        return nil
    }

    /// Disarms and returns the earliest armed timer due at `now`, if there is one.
    func popDue(at now: Int64) -> Action? {
        while entryCount > 0 {
            let first = storage[Self.root]
            guard first.deadline <= now else { return nil }
            removeFirst()
            guard isLive(first) else {
                deadEntries -= 1
                continue
            }
            let action = slots[Int(first.slot)].action
            release(first.slot)
            return action
        }
        return nil
    }

    @inline(__always)
    private func isLive(_ entry: TimerEntry) -> Bool { slots[Int(entry.slot)].owner == entry.order }

    private func release(_ slot: UInt32) {
        slots[Int(slot)] = Slot(owner: 0, action: .none)
        freeSlots.append(slot)
    }

    /// Keeps the live entries only, in order (a sorted array is a heap), numbered again
    /// from 1 if `renumbering`.
    private func rebuild(renumbering: Bool) {
        var live: [TimerEntry] = []
        live.reserveCapacity(entryCount - deadEntries)
        for position in Self.root ..< Self.root + entryCount where isLive(storage[position]) {
            live.append(storage[position])
        }
        live.sort { $0.precedes($1) }
        if renumbering {
            for index in live.indices {
                live[index].order = UInt32(index + 1)
                slots[Int(live[index].slot)].owner = live[index].order
            }
            nextOrder = UInt32(live.count + 1)
        }
        live.withUnsafeBufferPointer { live in
            if let first = live.baseAddress { (storage + Self.root).update(from: first, count: live.count) }
        }
        entryCount = live.count
        deadEntries = 0
    }

    // MARK: The 4-ary heap: the children of position p are 4p - 8 ... 4p - 5

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<TimerEntry> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<TimerEntry>.stride, alignment: 64)
            .bindMemory(to: TimerEntry.self, capacity: capacity)
    }

    private func grow() {
        let larger = Self.allocate(capacity * 2)
        (larger + Self.root).update(from: storage + Self.root, count: entryCount)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }

    /// Takes the root away: its hole goes down along the least children to the bottom, and
    /// the last entry fills it from there upwards.
    private func removeFirst() {
        entryCount -= 1
        let end = Self.root + entryCount
        guard entryCount > 0 else { return }
        let last = storage[end]
        var hole = Self.root
        while true {
            let first = 4 * hole - 8
            guard first < end else { break }
            var least = first
            if first + 3 < end {
                if storage[first + 1].precedes(storage[least]) { least = first + 1 }
                if storage[first + 2].precedes(storage[least]) { least = first + 2 }
                if storage[first + 3].precedes(storage[least]) { least = first + 3 }
            } else {
                for child in first + 1 ..< end where storage[child].precedes(storage[least]) { least = child }
            }
            storage[hole] = storage[least]
            hole = least
        }
        siftUp(last, from: hole)
    }

    /// Moves the hole at `start` up until `entry` fits there.
    private func siftUp(_ entry: TimerEntry, from start: Int) {
        var hole = start
        while hole > Self.root {
            let parent = hole / 4 + 2
            guard entry.precedes(storage[parent]) else { break }
            storage[hole] = storage[parent]
            hole = parent
        }
        storage[hole] = entry
    }
}
