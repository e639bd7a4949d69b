import CLua
import LuaKit

/// Why a task failed, as data: its error's type (the asyncio class, or `error` for a
/// plain message), the message, and the task.
public struct RunError: Equatable, Sendable {
    public let type: String
    public let message: String
    public let task: String
}

extension Runtime {
    /// The main task's results, or its error, copied out of its finished thread.
    func snapshotOutcome(of main: LuaTask) -> ([PlainValue], RunError?) {
        guard main.hasThread else { return ([], nil) }  // the REPL's inputs are not anchored
        let lua = main.lua
        switch main.outcome {
        case .returned:
            var budget = PlainBudget()  // one for all the results
            return ((0..<main.resultCount).map { lua.plainValue(at: Int32($0) + 1, budget: &budget) }, nil)
        case .cancelled:
            return ([], RunError(type: TideError.cancelled.rawValue, message: "cancelled", task: main.name))
        case .failed:
            return ([], RunError(type: errorType(at: 1, on: lua), message: main.failure?.message ?? "", task: main.name))
        case nil:
            return ([], nil)
        }
    }

    /// An asyncio error's class name, `error` for a string, else the Lua type (`table`).
    /// Only Tide's own error objects name a class: a script's `{ type = "TimeoutError" }`
    /// is a `table`, and the class is found by the object's metatable, never its fields.
    /// A HostError is named by what the host threw, unless that would name another class.
    private func errorType(at index: Int32, on lua: Lua) -> String {
        switch lua.type(at: index) {
        case LUA_TSTRING, LUA_TNUMBER: return "error"
        case LUA_TTABLE:
            guard let kind = TideError.allCases.first(where: { isError($0, at: index, on: lua) }) else { return "table" }
            guard kind == .hostError else { return kind.rawValue }
            lua.push("type")
            lua_rawget(lua.state, index)
            defer { lua.pop() }
            let thrown = lua.string(at: -1) ?? kind.rawValue
            return TideError(rawValue: thrown) == nil ? thrown : kind.rawValue
        default: return lua.typeName(at: index)
        }
    }
}
