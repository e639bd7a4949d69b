import CLua
import LuaKit
import Scheduler

/// asyncio.Semaphore and asyncio.BoundedSemaphore; `acquire` and `with` are in the prelude.
enum SemaphoreBindings {
    static let methods: [(String, LuaFunction)] = [("release", release), ("locked", locked)]
    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe), ("__close", release)]
    static let core: [(String, LuaFunction)] = [
        ("semaphore_new", make), ("bounded_semaphore_new", makeBounded), ("semaphore_try_acquire", tryAcquire),
    ]

    static let make: LuaFunction = { state in construct(Lua(state!), bounded: false) }
    static let makeBounded: LuaFunction = { state in construct(Lua(state!), bounded: true) }

    private static func construct(_ lua: Lua, bounded: Bool) -> Int32 {
        let runtime = Runtime.from(lua)
        let function = bounded ? "BoundedSemaphore" : "Semaphore"
        var value = 1
        if !lua.isNoneOrNil(1) {
            guard let given = lua.integer(at: 1) else { return lua.typeError(1, function, expected: "integer", at: 1) }
            guard given >= 0 else { return runtime.raise(.valueError, "\(function) initial value must be >= 0", on: lua) }
            value = given
        }
        runtime.pushObject(Semaphore(loop: runtime.loop, value: value, bounded: bounded), .semaphore, on: lua)
        return 1
    }

    private static func semaphore(_ lua: Lua, _ function: String) -> Semaphore? {
        Runtime.from(lua).checkObject(lua, 1, .semaphore, function)
    }

    static let tryAcquire: LuaFunction = { state in
        let lua = Lua(state!)
        guard let semaphore = semaphore(lua, "acquire") else { return Lua.raise }
        lua.push(semaphore.tryAcquire())
        return 1
    }

    static let release: LuaFunction = { state in
        let lua = Lua(state!)
        guard let semaphore = semaphore(lua, "release") else { return Lua.raise }
        do {
            try semaphore.release()
        } catch {
            return Runtime.from(lua).raise(.valueError, "BoundedSemaphore released too many times", on: lua)
        }
        return 0
    }

    static let locked: LuaFunction = { state in
        let lua = Lua(state!)
        guard let semaphore = semaphore(lua, "locked") else { return Lua.raise }
        lua.push(semaphore.isLocked)
        return 1
    }

    static let describe: LuaFunction = { state in
        let lua = Lua(state!)
        guard let semaphore = semaphore(lua, "tostring") else { return Lua.raise }
        lua.push(semaphore.description)
        return 1
    }
}
