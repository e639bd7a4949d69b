import CLua
import LuaKit
import Scheduler

/// What any thread may keep to reach a runtime: every call posts a job through the loop's
/// door, which runs it on the loop at its next turn (and wakes the loop if it is idle).
///
/// Jobs posted after the runtime is gone are dropped.
public final class RuntimeHandle: @unchecked Sendable {
    // Read only inside jobs, which run on the loop's thread.
    private weak var runtime: Runtime?
    private let door: LoopDoor

    init(_ runtime: Runtime) {
        self.runtime = runtime
        door = runtime.loop.door
    }

    /// Runs `job` on the loop with the runtime (outside any task: it cannot await).
    public func post(_ job: @escaping @Sendable (Runtime) -> Void) {
        door.post { [self] in
            if let runtime { job(runtime) }
        }
    }

    /// Sets the Event at the global `path` ("events.ready").
    public func setEvent(_ path: String) {
        post { $0.callReporting("set", of: path, []) }
    }

    /// Puts `value` on the Queue at the global `path` without waiting (`put_nowait`: a full
    /// queue reports QueueFull among the run's diagnostics).
    public func put(_ value: PlainValue, on path: String) {
        post { $0.callReporting("put_nowait", of: path, [value]) }
    }

    /// Counts outside work in flight until it completes, so that the loop waits for it
    /// rather than report a deadlock (and a virtual clock does not jump meanwhile). Begin it
    /// while the loop still has something to wait for: before the run, in a posted job, or
    /// from work already in flight (a host function); a run that has already found nothing
    /// to wait for has ended.
    public func beginWork() -> ExternalWork { door.beginWork() }
}

/// Why a call from the host into Lua failed.
public struct LuaCallError: Error, CustomStringConvertible {
    public let description: String
}

extension Runtime {
    /// A handle that any thread may keep, to post work into this runtime's loop.
    public var handle: RuntimeHandle { RuntimeHandle(self) }

    /// Calls `object:method(arguments...)` for the object at the global `path`, outside any
    /// task (so it cannot await), and returns its results as plain values.
    @discardableResult
    public func call(_ method: String, of path: String, _ arguments: [PlainValue]) throws -> [PlainValue] {
        loop.checkConfinement()
        let lua = vm.lua
        let base = lua.top
        defer { lua.setTop(base) }
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))  // [_G]
        for part in path.split(separator: ".") {
            guard lua.type(at: -1) == LUA_TTABLE else { throw LuaCallError(description: "\(path) is not a table path") }
            lua.push(String(part))
            lua_rawget(lua.state, -2)
        }
        guard lua.type(at: -1) != LUA_TNIL else { throw LuaCallError(description: "\(path) is nil") }
        let object = lua.top
        guard lua_getfield(lua.state, object, method) == LUA_TFUNCTION else {  // [.., object, fn]
            throw LuaCallError(description: "\(path) has no method \(method)")
        }
        lua.pushCopy(of: object)
        for argument in arguments { lua.push(argument) }
        guard vm.protectedCall(arguments: Int32(arguments.count) + 1, results: LUA_MULTRET) else {
            throw LuaCallError(description: lua.string(at: -1) ?? "\(path):\(method) failed")
        }
        return lua.top > object ? (object + 1...lua.top).map { lua.plainValue(at: $0) } : []
    }

    /// `call`, with a failure reported among the run's diagnostics.
    func callReporting(_ method: String, of path: String, _ arguments: [PlainValue]) {
        do { try call(method, of: path, arguments) } catch {
            report(Diagnostic(.callbackError, "the host's \(path):\(method)() failed: \(error)"))
        }
    }
}
