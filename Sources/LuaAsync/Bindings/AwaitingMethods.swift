import CLua
import CLuaAwait
import LuaKit
import Scheduler

/// The methods that may suspend a task, built in C (clua_await.h) around two host
/// functions each: the attempt, which finishes at once when it can (a set Event, a queued
/// item, a free slot) or pushes the await request, and the finish, which runs when the
/// loop resumes the task. The script makes one call; no Lua frame of the prelude's runs.
enum AwaitingMethods {
    /// (name in `core`, attempt, finish, name in errors)
    static let all: [(String, LuaFunction, LuaFunction?, String)] = [
        ("event_wait", EventBindings.attemptWait, clua_return_true, "wait"),
        ("queue_get", QueueBindings.attemptGet, QueueBindings.takeReserved, "get"),
        ("queue_put", QueueBindings.attemptPut, QueueBindings.putReserved, "put"),
        ("semaphore_acquire", SemaphoreBindings.attemptAcquire, SemaphoreBindings.acquired, "acquire"),
        ("sleep", attemptSleep, finishSleep, "sleep"),
        ("to_thread", ToThread.attempt, HostCall.finish, "to_thread"),
    ]

    /// Suspends the running task, for an attempt that cannot finish now. On the task's own
    /// thread, where it can yield, `park` puts the task on its wait at once and the closure
    /// yields nothing. Anywhere else (a coroutine inside the task, which the prelude
    /// relays; or code that cannot yield, which the closure refuses) it pushes the request:
    /// its code and copies of the values at `first` and `second` (0: none), for the loop to
    /// act on once the yield reaches the task.
    @inline(__always)
    static func suspend(
        _ lua: Lua, _ code: AwaitRequest, _ first: Int32, _ second: Int32 = 0, park: (Runtime, LuaTask) -> Void
    ) -> Int32 {
        let parked = Runtime.unmanaged(lua)._withUnsafeGuaranteedRef { runtime in
            runtime.loop.withCurrent(as: LuaTask.self) { task in  // a runtime's loop runs only these
                guard lua_isyieldable(lua.state) != 0, task.runs(on: lua.state) else { return false }
                if code != .sleep { task.shortSleepsInARow = 0 }
                park(runtime, task)
                return true
            } ?? false
        }
        if parked { return CLUA_PARKED }
        lua.push(code.rawValue)
        lua.pushCopy(of: first)
        if second != 0 { lua.pushCopy(of: second) }
        return CLUA_AWAIT
    }

    /// asyncio.sleep(delay, [result]): a positive delay sleeps on a timer, any other
    /// yields one turn; returns `result`, if given.
    static let attemptSleep: LuaFunction = { state in
        let lua = Lua(state!)
        guard let delay = lua.number(at: 1), !delay.isNaN else {
            let level = scriptLevel(lua)
            if lua.isNoneOrNil(1) { return lua.argumentError(1, "sleep", level: level, "number expected, got nil") }
            if lua.number(at: 1) != nil { return lua.argumentError(1, "sleep", level: level, "number expected, got nan") }
            return lua.typeError(1, "sleep", expected: "number", at: 1, level: level)
        }
        if delay > 0 { return suspend(lua, .sleep, 1, 2) { $0.park($1, sleeping: delay) } }
        return suspend(lua, .yield, 1) { runtime, task in runtime.loop.yieldNow(task) }  // (the loop reads no operand)
    }

    /// The level of the nearest Lua function up the stack: an error is located at the
    /// script's line even when the method was called through `pcall`.
    private static func scriptLevel(_ lua: Lua) -> Int32 {
        var record = lua_Debug()
        var level: Int32 = 1
        while lua_getstack(lua.state, level, &record) != 0, lua_getinfo(lua.state, "l", &record) != 0,
            record.currentline < 0
        {
            level += 1
        }
        return level
    }

    static let finishSleep: LuaFunction = { state in
        let lua = Lua(state!)
        guard !lua.isNoneOrNil(2) else { return 0 }
        lua.pushCopy(of: 2)
        return 1
    }
}

extension Runtime {
    /// Stack: [-0, +0] adds the awaiting methods and `set_await_handlers` to the table on top.
    func addAwaitingMethods(to lua: Lua) {
        for (name, attempt, finish, what) in AwaitingMethods.all {
            clua_pushawait(lua.state, attempt, finish, requestMarker, what)
            lua.setField(-2, name)
        }
        lua_pushcclosure(lua.state, clua_set_await_handlers, 0)
        lua.setField(-2, "set_await_handlers")
    }
}
