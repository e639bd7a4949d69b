import CLua
import LuaKit

/// The error classes of the `asyncio` module; the prelude makes them, the host raises them.
enum TideError: String, CaseIterable {
    case cancelled = "CancelledError"
    case timeout = "TimeoutError"
    case invalidState = "InvalidStateError"
    case queueFull = "QueueFull"
    case queueEmpty = "QueueEmpty"
    case queueShutDown = "QueueShutDown"
    case valueError = "ValueError"
    case runtimeError = "RuntimeError"
    /// What a host function threw; its `type` field names the Swift error.
    case hostError = "HostError"
    case brokenBarrier = "BrokenBarrierError"
    case exceptionGroup = "ExceptionGroup"

    /// The position in `allCases`, which indexes the runtime's class references.
    var ordinal: Int { Self.allCases.firstIndex(of: self)! }
}

extension Runtime {
    /// Stack: [-0, +1] pushes a new error object `{type=, message=}` of `kind`.
    func pushError(_ kind: TideError, _ message: String?, on lua: Lua) {
        lua.newTable(hashSize: 2)
        lua.push(kind.rawValue)
        lua.setField(-2, "type")
        if let message {
            lua.push(message)
            lua.setField(-2, "message")
        }
        lua.pushRef(errorClassRefs[kind.ordinal])
        lua_setmetatable(lua.state, -2)
    }

    /// Pushes an error object of `kind` and returns `Lua.raise`, for a binding to return.
    func raise(_ kind: TideError, _ message: String?, on lua: Lua) -> Int32 {
        pushError(kind, message, on: lua)
        return Lua.raise
    }

    /// Whether the value at `index` is an error object of `kind` (by its metatable).
    func isError(_ kind: TideError, at index: Int32, on lua: Lua) -> Bool {
        guard lua_getmetatable(lua.state, index) != 0 else { return false }
        lua.pushRef(errorClassRefs[kind.ordinal])
        let matches = lua_rawequal(lua.state, -1, -2) != 0
        lua.pop(2)
        return matches
    }
}
