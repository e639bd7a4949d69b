import CLua
import LuaKit
import Scheduler

/// asyncio.Semaphore, BoundedSemaphore and Lock (one host type with three faces);
/// `acquire` is an awaiting method (AwaitingMethods), `with` is in the prelude.
enum SemaphoreBindings {
    static let methods: [(String, LuaFunction)] = [("release", release), ("locked", locked)]
    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe), ("__close", release)]
    static let core: [(String, LuaFunction)] = [
        ("semaphore_new", make), ("bounded_semaphore_new", makeBounded), ("lock_new", makeLock),
    ]

    /// Semaphore.acquire's finish: a woken waiter runs with its slot; returns true.
    static let acquired: LuaFunction = { state in
        Runtime.method(state, .semaphore, "acquire") { (lua, semaphore: Semaphore) in
            semaphore.waiterResumed()
            lua.push(true)
            return 1
        }
    }

    static let make: LuaFunction = { state in construct(Lua(state!), .semaphore) }
    static let makeBounded: LuaFunction = { state in construct(Lua(state!), .bounded) }
    static let makeLock: LuaFunction = { state in construct(Lua(state!), .lock) }

    private static func construct(_ lua: Lua, _ kind: Semaphore.Kind) -> Int32 {
        let runtime = Runtime.from(lua)
        var value = 1
        if kind == .lock, lua.top > 0 {
            return runtime.raise(.valueError, "Lock() takes no arguments", on: lua)
        }
        if kind != .lock, !lua.isNoneOrNil(1) {
            guard let given = lua.integer(at: 1) else {
                return lua.typeError(1, kind.rawValue, expected: "integer", at: 1)
            }
            guard given >= 0 else {
                return runtime.raise(.valueError, "\(kind.rawValue) initial value must be >= 0", on: lua)
            }
            value = given
        }
        runtime.pushObject(Semaphore(loop: runtime.loop, value: value, kind: kind), .semaphore, on: lua)
        return 1
    }

    /// Semaphore.acquire: true at once with a free slot, else the task waits for one.
    static let attemptAcquire: LuaFunction = { state in
        Runtime.method(state, .semaphore, "acquire") { (lua, semaphore: Semaphore) in
            guard semaphore.tryAcquire() else { return AwaitingMethods.suspend(lua, .acquire, 1) { $0.park($1, on: semaphore) } }
            lua.push(true)
            return 1
        }
    }

    static let release: LuaFunction = { state in
        Runtime.method(state, .semaphore, "release") { (lua, semaphore: Semaphore) in
            Runtime.noteActivity(lua)
            do {
                try semaphore.release()
            } catch {
                if semaphore.kind == .lock {
                    return Runtime.from(lua).raise(.runtimeError, "Lock is not acquired.", on: lua)
                }
                let message = semaphore.kind == .bounded
                    ? "BoundedSemaphore released too many times" : "Semaphore value would overflow"
                return Runtime.from(lua).raise(.valueError, message, on: lua)
            }
            return 0
        }
    }

    static let locked: LuaFunction = { state in
        Runtime.method(state, .semaphore, "locked") { (lua, semaphore: Semaphore) in
            lua.push(semaphore.isLocked)
            return 1
        }
    }

    static let describe: LuaFunction = { state in
        Runtime.method(state, .semaphore, "tostring") { (lua, semaphore: Semaphore) in
            lua.push(semaphore.description)
            return 1
        }
    }
}
