import CLua
import LuaKit
import Scheduler

/// asyncio.Event; `wait` is in the prelude.
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

    private static func event(_ lua: Lua, _ function: String) -> Event? {
        Runtime.from(lua).checkObject(lua, 1, .event, function)
    }

    static let set: LuaFunction = { state in
        let lua = Lua(state!)
        guard let event = event(lua, "set") else { return Lua.raise }
        event.set()
        return 0
    }

    static let clear: LuaFunction = { state in
        let lua = Lua(state!)
        guard let event = event(lua, "clear") else { return Lua.raise }
        event.clear()
        return 0
    }

    static let isSet: LuaFunction = { state in
        let lua = Lua(state!)
        guard let event = event(lua, "is_set") else { return Lua.raise }
        lua.push(event.isSet)
        return 1
    }

    static let describe: LuaFunction = { state in
        let lua = Lua(state!)
        guard let event = event(lua, "tostring") else { return Lua.raise }
        lua.push(event.description)
        return 1
    }
}
