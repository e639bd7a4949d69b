import CLua
import CLuaAwait
import LuaKit
import Scheduler

/// A Swift function that Lua tasks call and await like any awaiting function of asyncio.
///
/// It runs on Swift concurrency, off the loop; its arguments and results cross as plain
/// values (nil, booleans, numbers, strings, nested tables). A cancel of the calling task
/// cancels its Swift task.
public typealias HostFunction = @Sendable (_ arguments: [PlainValue]) async throws -> [PlainValue]

/// An error a host function throws to choose what its Lua caller sees: `err.type` and
/// `err.message` of an `asyncio.HostError`. Any other error becomes one too, typed by the
/// Swift error's type name and described by its description.
public struct HostError: Error, CustomStringConvertible {
    public var type: String
    public var message: String

    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    public var description: String { "\(type): \(message)" }

    init(describing error: any Error) {
        if let error = error as? HostError {
            self = error
        } else {
            self.init(type: String(describing: Swift.type(of: error)), message: String(describing: error))
        }
    }
}

extension Runtime {
    /// Makes `function` callable from Lua as `name`: a dotted name ("host.fetch") puts it in
    /// a global table (`host`, made if missing); a plain one makes it a global.
    public func register(_ name: String, _ function: @escaping HostFunction) {
        loop.checkConfinement()
        let lua = vm.lua
        var path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        precondition(!path.contains(""), "register: \"\(name)\" is not a name or a dotted path of names")
        let last = path.removeLast()
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))  // [table]
        for part in path {
            lua.push(part)
            if lua_rawget(lua.state, -2) != LUA_TTABLE {  // [table, field]
                lua.pop()
                lua.newTable()
                lua.push(part)
                lua.pushCopy(of: -2)
                lua_rawset(lua.state, -4)  // [table, new]
            }
            lua.insert(-2)
            lua.pop()  // [field]
        }
        hostFunctions.append((name, function))
        lua.push(last)
        lua.push(hostFunctions.count - 1)
        clua_pushawait_with(lua.state, HostCall.attempt, HostCall.finish, requestMarker, name, 1)  // [table, last, f]
        lua_rawset(lua.state, -3)
        lua.pop()  // []
    }

    /// Parks `task` on the host call the attempt started inside a coroutine, once its
    /// request has reached the loop.
    func park(_ task: LuaTask, onHostCall id: Int) -> Bool {
        guard let call = relayedHostCalls.removeValue(forKey: id) else { return false }
        call.park(task)
        return true
    }
}

/// One call of a host function: its Swift task, and the Lua task waiting for it.
final class HostCall {
    let name: String
    private var swiftTask: Task<Void, Never>?
    private var waiter: LuaTask?
    private var wait: ExternalWait?

    private init(name: String) { self.name = name }

    /// Starts `function` on Swift concurrency; its outcome comes back through the door.
    static func start(_ name: String, _ function: @escaping HostFunction, _ arguments: [PlainValue], on loop: EventLoop)
        -> HostCall
    {
        let call = HostCall(name: name)
        let work = loop.door.beginWork()
        let bound = LoopBound(call)
        call.swiftTask = Task {
            let outcome: Result<[PlainValue], any Error>
            do { outcome = .success(try await function(arguments)) } catch { outcome = .failure(error) }
            work.complete { bound.value.completed(outcome) }
        }
        return call
    }

    /// Suspends the running `task` until the call completes; a cancel of it cancels the call.
    func park(_ task: LuaTask) {
        waiter = task
        let wait = ExternalWait(task, waitingFor: "\(name) (host work in flight)")
        wait.onCancel = { [swiftTask] in swiftTask?.cancel() }
        self.wait = wait
    }

    /// The Swift task is over: its outcome goes to the waiting task, which wakes.
    private func completed(_ outcome: Result<[PlainValue], any Error>) {
        swiftTask = nil
        guard let waiter, let wait else { return }  // its coroutine was abandoned before the request arrived
        if !wait.cancelRequested { waiter.hostOutcome = outcome }
        wait.finish()
        self.waiter = nil
        self.wait = nil
    }

    // MARK: The awaiting function

    /// The function's arguments cross as plain values, or not at all: the attempt raises
    /// before anything starts. Inside a coroutine of the task, the call starts here and the
    /// task is parked on it when the request the prelude relays reaches the loop.
    static let attempt: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        let index = Int(lua_tointegerx(state, clua_upvalueindex(5), nil))
        let (name, function) = runtime.hostFunctions[index]
        guard lua_isyieldable(state) != 0, let task = runtime.currentTask else {
            lua.push(AwaitRequest.hostCall.rawValue)  // refused by the closure: cannot await here
            return CLUA_AWAIT
        }
        var arguments: [PlainValue] = []
        var budget = PlainBudget()
        for position in stride(from: 1, through: lua.top, by: 1) {
            let value = lua.plainValue(at: position, maxDepth: 32, budget: &budget)
            if let refusal = value.uncopyable {
                return lua.argumentError(Int(position), name, "\(refusal) cannot cross to the host: pass nil, "
                    + "booleans, numbers, strings and tables of them")
            }
            arguments.append(value)
        }
        runtime.chargeHostWork()
        let call = start(name, function, arguments, on: runtime.loop)
        if task.runs(on: lua.state) {
            call.park(task)
            return CLUA_PARKED
        }
        runtime.nextHostCallID += 1
        runtime.relayedHostCalls[runtime.nextHostCallID] = call
        lua.push(AwaitRequest.hostCall.rawValue)
        lua.push(runtime.nextHostCallID)
        return CLUA_AWAIT
    }

    /// The call completed: its results, or its error raised as an `asyncio.HostError`.
    static let finish: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let task = runtime.currentTask, let outcome = task.hostOutcome else { return 0 }
        task.hostOutcome = nil
        switch outcome {
        case .success(let values):
            guard lua.ensureStack(Int32(clamping: values.count) + 1) else { return lua.error("too many results") }
            for value in values { lua.push(value) }
            return Int32(values.count)
        case .failure(let error):
            let failure = HostError(describing: error)
            runtime.pushError(.hostError, failure.message, on: lua)
            lua.push(failure.type)
            lua.setField(-2, "type")
            return Lua.raise
        }
    }
}

extension PlainValue {
    /// What in this value cannot be copied to another Lua state or to Swift ("a function",
    /// "a table with a cycle"), or nil when all of it can.
    public var uncopyable: String? {
        switch self {
        case .opaque(let type): return "a \(type)"
        case .truncated(let why):
            switch why {
            case "cycle": return "a table with a cycle"
            case "more entries": return "a table too large"
            default: return "a \(why)"
            }
        case .list(let items): return items.lazy.compactMap(\.uncopyable).first
        case .table(let fields): return fields.sorted { $0.key < $1.key }.lazy.compactMap(\.value.uncopyable).first
        default: return nil
        }
    }
}
