import CLua
import LuaKit
import Scheduler

/// A queue of Lua values: the Scheduler's queue holds references into a table that is the
/// queue userdata's user value, so the items live and die with the queue.
typealias LuaQueue = Queue<Int32>

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

    /// Stack: [-0, +0] stores the value at `index` in the item table of the queue at 1.
    private static func store(_ lua: Lua, _ index: Int32) -> Int32 {
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        lua.pushCopy(of: index)  // [items, value]
        let reference = luaL_ref(lua.state, -2)  // [items]
        lua.pop()
        return reference
    }

    /// Stack: [-0, +1] pushes the item `reference` names and frees its slot.
    private static func load(_ lua: Lua, _ reference: Int32) {
        guard reference != LUA_REFNIL else { return lua.pushNil() }
        lua_getiuservalue(lua.state, 1, 1)  // [items]
        lua.rawGet(-1, index: Int(reference))  // [items, value]
        luaL_unref(lua.state, -2, reference)
        lua.remove(-2)  // [value]
    }

    static let tryPut: LuaFunction = { state in
        Runtime.method(state, .queue, "put") { (lua, queue: LuaQueue) in
            guard queue.hasFreeSlot else {
                lua.push(false)
                return 1
            }
            _ = queue.tryPut(store(lua, 2))
            lua.push(true)
            return 1
        }
    }

    static let putReserved: LuaFunction = { state in
        Runtime.method(state, .queue, "put") { (lua, queue: LuaQueue) in
            queue.putReserved(store(lua, 2))
            return 0
        }
    }

    static let putNowait: LuaFunction = { state in
        Runtime.method(state, .queue, "put_nowait") { (lua, queue: LuaQueue) in
            guard queue.hasFreeSlot else { return Runtime.from(lua).raise(.queueFull, nil, on: lua) }
            _ = queue.tryPut(store(lua, 2))
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
