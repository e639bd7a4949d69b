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
        clua_pushawait_with(lua.state, Self.callHostFunction, HostCall.finish, requestMarker, name, 1)  // [table, last, f]
        lua_rawset(lua.state, -3)
        lua.pop()  // []
    }

    /// The attempt of every registered function: its arguments cross as plain values, or
    /// not at all (it raises before anything starts); then the Swift function starts.
    static let callHostFunction: LuaFunction = { state in
        let lua = Lua(state!)
        guard let task = HostCall.task(for: lua) else { return CLUA_AWAIT }
        let index = Int(lua_tointegerx(state, clua_upvalueindex(5), nil))
        let (name, function) = task.runtime.hostFunctions[index]
        var arguments: [PlainValue] = []
        if let refusal = lua.plainValues(from: 1, into: &arguments) {
            return lua.argumentError(refusal.argument, name, "\(refusal.what) cannot cross to the host: pass nil, "
                + "booleans, numbers, strings and tables of them")
        }
        let copied = arguments
        return HostCall.launch(name, from: lua, task: task) {
            do { return HostCall.Completion(outcome: .success(.plain(try await function(copied)))) } catch {
                return HostCall.Completion(outcome: .failure(error))
            }
        }
    }

    /// Parks `task` on the host call the attempt started inside a coroutine, once its
    /// request has reached the loop.
    func park(_ task: LuaTask, onHostCall id: Int) -> Bool {
        guard let call = relayedHostCalls.removeValue(forKey: id) else { return false }
        call.startAndPark(task)
        return true
    }
}

extension Lua {
    /// Copies the values from `first` to the top into `values`; returns the first that
    /// cannot be copied (its argument number and what it is), if any.
    func plainValues(from first: Int32, into values: inout [PlainValue]) -> (argument: Int, what: String)? {
        var budget = PlainBudget.crossing
        for position in stride(from: first, through: top, by: 1) {
            let value = plainValue(at: position, maxDepth: PlainBudget.crossingDepth, budget: &budget)
            if case .opaque = value { return (Int(position), describeValue(at: position)) }
            if let refusal = value.uncopyable { return (Int(position), refusal) }
            values.append(value)
        }
        return nil
    }
}

extension PlainValue {
    /// Whether tables nest deeper than `levels` in this value (found without recursion).
    func nestsDeeper(than levels: Int) -> Bool {
        var pending: [(PlainValue, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .list(let items):
                if depth >= levels { return true }
                pending += items.map { ($0, depth + 1) }
            case .table(let fields):
                if depth >= levels { return true }
                pending += fields.values.map { ($0, depth + 1) }
            default: continue
            }
        }
        return false
    }

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
        // Plain loops: `lazy.compactMap(...).first` evaluates the element it finds twice,
        // which doubles the work at every level of a nested table.
        case .list(let items):
            for item in items { if let found = item.uncopyable { return found } }
            return nil
        case .table(let fields):
            for key in fields.keys.sorted() { if let found = fields[key]!.uncopyable { return found } }
            return nil
        default: return nil
        }
    }
}
