import CLua
import LuaKit

/// A Lua value copied exactly, to be rebuilt in another Lua state (a worker's): strings as
/// their bytes, and tables with their keys as they were (`t[10]`, `t[1.5]`, `t[true]`),
/// unlike `PlainValue`, which is shaped for Swift.
indirect enum CopiedValue: Sendable {
    case none
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string([UInt8])
    case table([(key: CopiedValue, value: CopiedValue)])

    /// Why a value cannot be copied: "a Semaphore", "a table with a metatable"...; `index`
    /// is its place on the stack, when it is one of several values copied.
    struct Refusal: Error {
        let what: String
        var index: Int32 = 0
    }

    /// How much one crossing may copy, and how deep.
    struct Budget {
        var items = 1 << 20
        var bytes = 256 << 20
        static let depth = 32
    }
}

extension CopiedValue {
    /// About the bytes this copy holds in Swift, to count against a memory limit.
    var footprint: Int {
        switch self {
        case .string(let bytes): 32 + bytes.count
        case .table(let entries): 48 + entries.reduce(0) { $0 + $1.key.footprint + $1.value.footprint }
        default: 16
        }
    }
}

extension Lua {
    /// Copies the value at `index` (raw reads only: no metamethod runs).
    func copiedValue(at index: Int32, budget: inout CopiedValue.Budget) throws(CopiedValue.Refusal) -> CopiedValue {
        var open: Set<UnsafeRawPointer> = []
        return try copy(at: absolute(index), depth: CopiedValue.Budget.depth, budget: &budget, open: &open)
    }

    /// Copies the values from `first` to the top; on a refusal, says which one (its stack index).
    func copiedValues(from first: Int32) -> Result<[CopiedValue], CopiedValue.Refusal> {
        var budget = CopiedValue.Budget()
        var values: [CopiedValue] = []
        for index in stride(from: first, through: top, by: 1) {
            do { values.append(try copiedValue(at: index, budget: &budget)) } catch {
                return .failure(CopiedValue.Refusal(what: error.what, index: index))
            }
        }
        return .success(values)
    }

    private func copy(
        at index: Int32, depth: Int, budget: inout CopiedValue.Budget, open: inout Set<UnsafeRawPointer>
    ) throws(CopiedValue.Refusal) -> CopiedValue {
        budget.items -= 1
        if budget.items < 0 { throw .init(what: "a value too large (over a million values)") }
        switch type(at: index) {
        case LUA_TNIL, LUA_TNONE: return .none
        case LUA_TBOOLEAN: return .boolean(toBoolean(index))
        case LUA_TNUMBER:
            return isInteger(index) ? .integer(lua_tointegerx(state, index, nil)) : .number(lua_tonumberx(state, index, nil))
        case LUA_TSTRING:
            let bytes = bytes(at: index)!
            budget.bytes -= bytes.count
            if budget.bytes < 0 { throw .init(what: "a value too large (over 256 MiB of strings)") }
            return .string(Array(bytes))
        case LUA_TTABLE: break
        default: throw .init(what: describeValue(at: index))
        }
        let identity = lua_topointer(state, index)!
        if open.contains(identity) { throw .init(what: "a table that contains itself") }
        if lua_getmetatable(state, index) != 0 {
            pop()
            throw .init(what: "a table with a metatable")
        }
        guard depth > 0 else { throw .init(what: "a table nested deeper than \(CopiedValue.Budget.depth) levels") }
        guard ensureStack(3) else { throw .init(what: "a table nested too deep") }
        open.insert(identity)
        defer { open.remove(identity) }
        var entries: [(key: CopiedValue, value: CopiedValue)] = []
        pushNil()
        while lua_next(state, index) != 0 {  // [key, value]
            do {
                let key = try copy(at: absolute(-2), depth: depth - 1, budget: &budget, open: &open)
                entries.append((key, try copy(at: absolute(-1), depth: depth - 1, budget: &budget, open: &open)))
            } catch {
                pop(2)
                throw error
            }
            pop()
        }
        return .table(entries)
    }

    /// Stack: [-0, +1] pushes a fresh copy of `value`.
    func push(_ value: CopiedValue) {
        switch value {
        case .none: pushNil()
        case .boolean(let flag): push(flag)
        case .integer(let number): lua_pushinteger(state, number)
        case .number(let number): lua_pushnumber(state, number)
        case .string(let bytes):
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(state, $0.baseAddress, $0.count) }
            }
        case .table(let entries):
            guard ensureStack(3) else { return pushNil() }  // (a copy is at most 32 deep)
            newTable(hashSize: Int32(clamping: entries.count))
            for (key, entry) in entries {
                push(key)
                push(entry)
                lua_rawset(state, -3)
            }
        }
    }

    /// "a Semaphore", "a thread", "a function": a value by its `__name`, else its type.
    func describeValue(at index: Int32) -> String {
        var name = typeName(at: index)
        if lua_getmetatable(state, index) != 0 {  // [mt]
            if lua_getfield(state, -1, "__name") == LUA_TSTRING, let text = string(at: -1) { name = text }
            pop(2)
        }
        return "a \(name)"
    }
}
