import CLua
#if canImport(Glibc)
import Glibc
#endif
import LuaKit
import Scheduler

/// A queue of Lua values. The Scheduler's queue holds `QueueItem`s; the values live in a
/// table that is the queue userdata's user value, so they live and die with the queue.
typealias LuaQueue = Queue<QueueItem>

/// What the Scheduler's queue holds for one Lua value.
///
/// The key of an item is its rank among all items ever put, so each key is written once
/// and read once, and `nil` items need no entry. A PriorityQueue orders items by priority
/// (a number or a string: the item itself, or the first field of a `{priority, item}`
/// pair), then by key, which keeps equal priorities first in, first out.
struct QueueItem: Comparable {
    enum Priority: Comparable {
        case number(Double)
        case text(LuaText)
    }

    let key: Int
    let priority: Priority?

    static func < (a: QueueItem, b: QueueItem) -> Bool {
        if let pa = a.priority, let pb = b.priority, pa != pb { return pa < pb }
        return a.key < b.key
    }

    static func == (a: QueueItem, b: QueueItem) -> Bool { a.key == b.key }
}

/// A string priority, read in place: the queue's item table keeps the Lua string alive (at
/// the item's negated key) while the item is queued, so the host holds no copy that the
/// memory limit would not see, and strings order by their bytes, as Lua's `<` does.
struct LuaText: Comparable {
    let bytes: UnsafeRawBufferPointer

    static func < (a: LuaText, b: LuaText) -> Bool {
        let common = min(a.bytes.count, b.bytes.count)
        let order = common == 0 ? 0 : memcmp(a.bytes.baseAddress!, b.bytes.baseAddress!, common)
        return order != 0 ? order < 0 : a.bytes.count < b.bytes.count
    }

    static func == (a: LuaText, b: LuaText) -> Bool { !(a < b) && !(b < a) }
}

/// asyncio.Queue, LifoQueue and PriorityQueue; `get` and `put` are awaiting methods
/// (AwaitingMethods), `join` is in the prelude.
enum QueueBindings {
    static let methods: [(String, LuaFunction)] = [
        ("put_nowait", putNowait), ("get_nowait", getNowait), ("qsize", qsize), ("empty", empty), ("full", full),
        ("task_done", taskDone), ("shutdown", shutdown),
    ]
    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe)]
    static let core: [(String, LuaFunction)] = [
        ("queue_new", make), ("queue_unfinished", unfinished), ("queue_maxsize", maxsize),
    ]

    /// queue_new(maxsize, order): order is "Queue", "LifoQueue" or "PriorityQueue".
    static let make: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        var maxsize = 0
        if !lua.isNoneOrNil(1) {
            guard let given = lua.integer(at: 1) else { return lua.typeError(1, "Queue", expected: "integer", at: 1) }
            maxsize = given
        }
        let order = lua.string(at: 2).flatMap(LuaQueue.Order.init(rawValue:)) ?? .fifo
        runtime.pushObject(LuaQueue(loop: runtime.loop, maxsize: maxsize, order: order), .queue, on: lua, userValues: 1)
        lua.newTable()
        lua_setiuservalue(lua.state, -2, 1)
        return 1
    }

    /// The priority of the value at `index` for a PriorityQueue, or an error message.
    private static func priority(_ lua: Lua, _ index: Int32) -> Result<QueueItem.Priority, PriorityError> {
        var at = index
        if lua.type(at: index) == LUA_TTABLE {
            lua.rawGet(index, index: 1)
            at = -1
        }
        defer { if at == -1 { lua.pop() } }
        if let number = lua.number(at: at) {
            return number.isNaN ? .failure(PriorityError()) : .success(.number(number))
        }
        if let bytes = lua.bytes(at: at) { return .success(.text(LuaText(bytes: bytes))) }
        return .failure(PriorityError())
    }

    private struct PriorityError: Error {}

    /// The item the value at `index` would become, or nil after pushing why it cannot be
    /// queued (a priority that is missing, or does not compare with those queued).
    private static func item(_ lua: Lua, _ index: Int32, for queue: LuaQueue, _ function: String) -> QueueItem? {
        guard queue.order == .priority else { return QueueItem(key: queue.putCount + 1, priority: nil) }
        guard case .success(let found) = priority(lua, index) else {
            _ = lua.argumentError(Int(index), function, "PriorityQueue items are numbers, strings or {priority, item} pairs "
                + "whose priority is a number or a string")
            return nil
        }
        switch (queue.next?.priority, found) {
        case (.number?, .text), (.text?, .number):
            _ = lua.argumentError(Int(index), function, "a number and a string priority do not compare")
            return nil
        default:
            return QueueItem(key: queue.putCount + 1, priority: found)
        }
    }

    /// Stack: [-0, +1] stores the value at `index` as `item` of the queue at 1 (and a string
    /// priority beside it, which keeps the bytes the item reads alive), and leaves the item
    /// table on top: a method that returns next need not pop it (popping was a tenth of a put).
    private static func store(_ lua: Lua, _ index: Int32, as item: QueueItem) {
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        let hasText: Bool
        if case .text = item.priority { hasText = true } else { hasText = false }
        guard hasText || !lua.isNoneOrNil(index) else { return }
        lua.pushCopy(of: index)  // [items, value]
        if hasText {
            if lua.type(at: -1) == LUA_TTABLE { lua.rawGet(-1, index: 1) } else { lua.pushCopy(of: -1) }
            lua.rawSet(-3, index: -item.key)  // [items, value]
        }
        lua.rawSet(-2, index: item.key)  // [items]
    }

    /// Hands `item` (the value at 2) to `put`, storing it once the queue took it; false if the
    /// queue refused. An item with a string priority is stored first instead, since the queue
    /// compares its bytes as it takes it (and nothing may fail once it is queued), and taken
    /// back if refused. Stack: [-0, +1] the item table (`store`) when it took the item,
    /// [-0, +0] when refused.
    private static func offer(_ lua: Lua, _ item: QueueItem, _ put: (QueueItem) -> Bool) -> Bool {
        guard case .text = item.priority else {
            guard put(item) else { return false }
            store(lua, 2, as: item)
            return true
        }
        store(lua, 2, as: item)
        if put(item) { return true }
        lua.pop()
        unstore(lua, item)
        return false
    }

    /// Stack: [-0, +0] takes back what `store` wrote for an item the queue then refused
    /// (setting nil never allocates, so this cannot fail).
    private static func unstore(_ lua: Lua, _ item: QueueItem) {
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        lua.pushNil()
        lua.rawSet(-2, index: item.key)
        lua.pushNil()
        lua.rawSet(-2, index: -item.key)
        lua.pop()
    }

    /// Stack: [-0, +2] pushes the item table and the value of `item` on top of it (a method
    /// returns the value as its one result, and need not remove the table below: that was
    /// a fifth of a get), and clears its entries.
    private static func load(_ lua: Lua, _ item: QueueItem) {
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        if case .text = item.priority {
            lua.pushNil()
            lua.rawSet(-2, index: -item.key)
        }
        if lua.rawGet(-1, index: item.key) != LUA_TNIL {  // [items, value]
            lua.pushNil()
            lua.rawSet(-3, index: item.key)
        }
    }

    private static func shutDownError(_ lua: Lua) -> Int32 {
        Runtime.from(lua).raise(.queueShutDown, nil, on: lua)
    }

    /// Queue.put: queues the item at once when a slot is free, else the task waits for one.
    static let attemptPut: LuaFunction = { state in
        Runtime.method(state, .queue, "put") { (lua, queue: LuaQueue) in
            if queue.isShutDown { return shutDownError(lua) }
            guard let item = item(lua, 2, for: queue, "put") else { return Lua.raise }
            guard offer(lua, item, { queue.tryPut($0) }) else {
                return AwaitingMethods.suspend(lua, .queuePut, 1, 2) { $0.park($1, puttingOn: queue) }
            }
            Runtime.noteActivity(lua)
            if queue.maxsize <= 0 { Runtime.from(lua).noteQueueGrowth(queue, on: lua) }
            return 0
        }
    }

    static let putReserved: LuaFunction = { state in
        Runtime.method(state, .queue, "put") { (lua, queue: LuaQueue) in
            guard let item = item(lua, 2, for: queue, "put") else {
                queue.giveUpReservedSlot()
                return Lua.raise
            }
            guard offer(lua, item, { queue.putReserved($0) }) else { return shutDownError(lua) }
            return 0
        }
    }

    static let putNowait: LuaFunction = { state in
        Runtime.method(state, .queue, "put_nowait") { (lua, queue: LuaQueue) in
            if queue.isShutDown { return shutDownError(lua) }
            guard let item = item(lua, 2, for: queue, "put_nowait") else { return Lua.raise }
            guard offer(lua, item, { queue.tryPut($0) }) else { return Runtime.from(lua).raise(.queueFull, nil, on: lua) }
            Runtime.noteActivity(lua)
            if queue.maxsize <= 0 { Runtime.from(lua).noteQueueGrowth(queue, on: lua) }
            return 0
        }
    }

    /// Queue.get: the next item at once when there is one, else the task waits for one.
    static let attemptGet: LuaFunction = { state in
        Runtime.method(state, .queue, "get") { (lua, queue: LuaQueue) in
            guard let item = queue.tryGet() else {
                if queue.isShutDown { return shutDownError(lua) }
                return AwaitingMethods.suspend(lua, .queueGet, 1) { $0.park($1, gettingFrom: queue) }
            }
            Runtime.noteActivity(lua)
            load(lua, item)
            return 1
        }
    }

    static let takeReserved: LuaFunction = { state in
        Runtime.method(state, .queue, "get") { (lua, queue: LuaQueue) in
            guard let item = queue.takeReserved() else { return shutDownError(lua) }
            load(lua, item)
            return 1
        }
    }

    static let getNowait: LuaFunction = { state in
        Runtime.method(state, .queue, "get_nowait") { (lua, queue: LuaQueue) in
            guard let item = queue.tryGet() else {
                return queue.isShutDown ? shutDownError(lua) : Runtime.from(lua).raise(.queueEmpty, nil, on: lua)
            }
            Runtime.noteActivity(lua)
            load(lua, item)
            return 1
        }
    }

    /// q:shutdown([immediate]): no more puts; waiting putters and getters fail with
    /// QueueShutDown; `immediate` also drops what is queued.
    static let shutdown: LuaFunction = { state in
        Runtime.method(state, .queue, "shutdown") { (lua, queue: LuaQueue) in
            for item in queue.shutDown(immediate: lua.toBoolean(2)) {
                load(lua, item)
                lua.pop(2)
            }
            return 0
        }
    }

    static let qsize: LuaFunction = { state in
        Runtime.method(state, .queue, "qsize") { (lua, queue: LuaQueue) in
            lua.push(queue.count)
            return 1
        }
    }

    static let empty: LuaFunction = { state in
        Runtime.method(state, .queue, "empty") { (lua, queue: LuaQueue) in
            lua.push(queue.isEmpty)
            return 1
        }
    }

    static let full: LuaFunction = { state in
        Runtime.method(state, .queue, "full") { (lua, queue: LuaQueue) in
            lua.push(queue.isFull)
            return 1
        }
    }

    static let maxsize: LuaFunction = { state in
        Runtime.method(state, .queue, "maxsize") { (lua, queue: LuaQueue) in
            lua.push(queue.maxsize)
            return 1
        }
    }

    static let taskDone: LuaFunction = { state in
        Runtime.method(state, .queue, "task_done") { (lua, queue: LuaQueue) in
            do {
                try queue.taskDone()
            } catch {
                return Runtime.from(lua).raise(.valueError, "task_done() called too many times", on: lua)
            }
            return 0
        }
    }

    static let unfinished: LuaFunction = { state in
        Runtime.method(state, .queue, "join") { (lua, queue: LuaQueue) in
            lua.push(queue.unfinishedTasks)
            return 1
        }
    }

    static let describe: LuaFunction = { state in
        Runtime.method(state, .queue, "tostring") { (lua, queue: LuaQueue) in
            lua.push(queue.description)
            return 1
        }
    }
}
