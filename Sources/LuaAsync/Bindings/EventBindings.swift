import CLua
import LuaKit
import Scheduler

/// asyncio.Event; `wait` is an awaiting method (AwaitingMethods).
enum EventBindings {
    static let methods: [(String, LuaFunction)] = [("set", set), ("clear", clear), ("is_set", isSet)]
    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe)]
    static let core: [(String, LuaFunction)] = [("event_new", make)]

    static let make: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        runtime.pushObject(Event(loop: runtime.loop), .event, on: lua)
        return 1
    }

    static let set: LuaFunction = { state in
        Runtime.method(state, .event, "set") { (lua, event: Event) in
            event.set()
            Runtime.noteActivity(lua)
            return 0
        }
    }

    /// Event.wait: true at once when set, else the task waits for a set.
    static let attemptWait: LuaFunction = { state in
        Runtime.method(state, .event, "wait") { (lua, event: Event) in
            guard event.isSet else { return AwaitingMethods.suspend(lua, .eventWait, 1) { $0.park($1, on: event) } }
            lua.push(true)
            return 1
        }
    }

    static let clear: LuaFunction = { state in
        Runtime.method(state, .event, "clear") { (lua, event: Event) in
            event.clear()
            return 0
        }
    }

    static let isSet: LuaFunction = { state in
        Runtime.method(state, .event, "is_set") { (lua, event: Event) in
            lua.push(event.isSet)
            return 1
        }
    }

    static let describe: LuaFunction = { state in
        Runtime.method(state, .event, "tostring") { (lua, event: Event) in
            lua.push(event.description)
            return 1
        }
    }
}
