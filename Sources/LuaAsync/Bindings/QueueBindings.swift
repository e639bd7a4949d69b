import CLua
import LuaKit
import Scheduler

/// A queue of Lua values. The Scheduler's queue holds keys; the values live in a table that
/// is the queue userdata's user value, so they live and die with the queue.
///
/// The key of an item is its rank among all items ever put (`putCount`). The queue is
/// strictly FIFO, so each key is written once and read once; `nil` items need no entry.
typealias LuaQueue = Queue<Int>

/// asyncio.Queue; `get`, `put` and `join` are in the prelude.
enum QueueBindings {
    static let methods: [(String, LuaFunction)] = [
        ("put_nowait", putNowait), ("get_nowait", getNowait), ("qsize", qsize), ("empty", empty), ("full", full),
        ("task_done", taskDone),
    ]
    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe)]
    static let core: [(String, LuaFunction)] = [
        ("queue_new", make), ("queue_try_get", tryGet), ("queue_try_put", tryPut),
        ("queue_take_reserved", takeReserved), ("queue_put_reserved", putReserved),
        ("queue_unfinished", unfinished), ("queue_maxsize", maxsize),
    ]

    static let make: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        var maxsize = 0
        if !lua.isNoneOrNil(1) {
            guard let given = lua.integer(at: 1) else { return lua.typeError(1, "Queue", expected: "integer", at: 1) }
            maxsize = given
        }
        runtime.pushObject(LuaQueue(loop: runtime.loop, maxsize: maxsize), .queue, on: lua, userValues: 1)
        lua.newTable()
        lua_setiuservalue(lua.state, -2, 1)
        return 1
    }

    /// Stack: [-0, +0] stores the value at `index` as the next item of the queue at 1;
    /// returns its key.
    private static func store(_ lua: Lua, _ index: Int32, in queue: LuaQueue) -> Int {
        let key = queue.putCount + 1
        guard !lua.isNoneOrNil(index) else { return key }
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        lua.pushCopy(of: index)  // [items, value]
        lua.rawSet(-2, index: key)  // [items]
        lua.pop()
        return key
    }

    /// Stack: [-0, +1] pushes the item `key` names and clears its entry.
    private static func load(_ lua: Lua, _ key: Int) {
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        if lua.rawGet(-1, index: key) != LUA_TNIL {  // [items, value]
            lua.pushNil()
            lua.rawSet(-3, index: key)
        }
        lua.remove(-2)  // [value]
    }

    static let tryPut: LuaFunction = { state in
        Runtime.method(state, .queue, "put") { (lua, queue: LuaQueue) in
            guard queue.hasFreeSlot else {
                lua.push(false)
                return 1
            }
            _ = queue.tryPut(store(lua, 2, in: queue))
            lua.push(true)
            return 1
        }
    }

    static let putReserved: LuaFunction = { state in
        Runtime.method(state, .queue, "put") { (lua, queue: LuaQueue) in
            queue.putReserved(store(lua, 2, in: queue))
            return 0
        }
    }

    static let putNowait: LuaFunction = { state in
        Runtime.method(state, .queue, "put_nowait") { (lua, queue: LuaQueue) in
            guard queue.hasFreeSlot else { return Runtime.from(lua).raise(.queueFull, nil, on: lua) }
            _ = queue.tryPut(store(lua, 2, in: queue))
            return 0
        }
    }

    /// queue_try_get(q): true and the item, or false when a get would have to wait.
    static let tryGet: LuaFunction = { state in
        Runtime.method(state, .queue, "get") { (lua, queue: LuaQueue) in
            guard let reference = queue.tryGet() else {
                lua.push(false)
                return 1
            }
            lua.push(true)
            load(lua, reference)
            return 2
        }
    }

    static let takeReserved: LuaFunction = { state in
        Runtime.method(state, .queue, "get") { (lua, queue: LuaQueue) in
            load(lua, queue.takeReserved())
            return 1
        }
    }

    static let getNowait: LuaFunction = { state in
        Runtime.method(state, .queue, "get_nowait") { (lua, queue: LuaQueue) in
            guard let reference = queue.tryGet() else { return Runtime.from(lua).raise(.queueEmpty, nil, on: lua) }
            load(lua, reference)
            return 1
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
