import CLua
import LuaKit
import Scheduler

/// asyncio.Condition's host half: the waiting room and notify. The prelude adds `wait`
/// (release, wait, re-acquire), `wait_for`, and the lock's methods.
enum ConditionBindings {
    static let methods: [(String, LuaFunction)] = [("notify", notify), ("notify_all", notifyAll)]
    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe)]
    static let core: [(String, LuaFunction)] = [("condition_new", make), ("condition_lock", lock)]

    /// condition_new(lock): a condition over a Lock; the lock is kept as the user value.
    static let make: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let lock: Semaphore = Runtime.object(lua, at: 1, .semaphore), lock.kind == .lock else {
            return lua.typeError(1, "Condition", expected: "Lock", at: 1, level: 2)
        }
        runtime.pushObject(Condition(loop: runtime.loop, lock: lock), .condition, on: lua, userValues: 1)
        lua.pushCopy(of: 1)
        lua_setiuservalue(lua.state, -2, 1)
        return 1
    }

    /// condition_lock(cond): the Lock the condition uses.
    static let lock: LuaFunction = { state in
        Runtime.method(state, .condition, "lock") { (lua, _: Condition) in
            lua_getiuservalue(lua.state, 1, 1)
            return 1
        }
    }

    /// cond:notify([n = 1]): wakes up to n waiters; RuntimeError unless the lock is held.
    static let notify: LuaFunction = { state in
        Runtime.method(state, .condition, "notify") { (lua, condition: Condition) in
            var count = 1
            if !lua.isNoneOrNil(2) {
                guard let given = lua.integer(at: 2) else { return lua.typeError(2, "notify", expected: "integer", at: 2) }
                count = given
            }
            guard condition.lock.isLocked else {
                return Runtime.from(lua).raise(.runtimeError, "cannot notify on un-acquired lock", on: lua)
            }
            condition.notify(count)
            return 0
        }
    }

    static let notifyAll: LuaFunction = { state in
        Runtime.method(state, .condition, "notify_all") { (lua, condition: Condition) in
            guard condition.lock.isLocked else {
                return Runtime.from(lua).raise(.runtimeError, "cannot notify on un-acquired lock", on: lua)
            }
            condition.notify(condition.waiterCount)
            return 0
        }
    }

    static let describe: LuaFunction = { state in
        Runtime.method(state, .condition, "tostring") { (lua, condition: Condition) in
            lua.push(condition.description)
            return 1
        }
    }
}
