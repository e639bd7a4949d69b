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
        ("event_wait", EventBindings.attemptWait, returnTrue, "wait"),
        ("queue_get", QueueBindings.attemptGet, QueueBindings.takeReserved, "get"),
        ("queue_put", QueueBindings.attemptPut, QueueBindings.putReserved, "put"),
        ("semaphore_acquire", SemaphoreBindings.attemptAcquire, SemaphoreBindings.acquired, "acquire"),
        ("sleep", attemptSleep, finishSleep, "sleep"),
    ]

    /// Stack: [-0, +(1 + operands)] pushes an await request: its code and copies of the
    /// values at `operands`; returns what an attempt returns to suspend the task.
    static func request(_ lua: Lua, _ code: AwaitRequest, _ operands: Int32...) -> Int32 {
        lua.push(code.rawValue)
        for index in operands { lua.pushCopy(of: index) }
        return CLUA_AWAIT
    }

    static let returnTrue: LuaFunction = { state in
        Lua(state!).push(true)
        return 1
    }

    /// asyncio.sleep(delay, [result]): a positive delay sleeps on a timer, any other
    /// yields one turn; returns `result`, if given.
    static let attemptSleep: LuaFunction = { state in
        let lua = Lua(state!)
        guard let delay = lua.number(at: 1), !delay.isNaN else {
            let got = lua.isNoneOrNil(1) ? "nil" : lua.number(at: 1) != nil ? "nan" : lua.typeName(at: 1)
            return lua.argumentError(1, "sleep", level: scriptLevel(lua), "number expected, got \(got)")
        }
        return delay > 0 ? request(lua, .sleep, 1, 2) : request(lua, .yield, 2, 2)
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
