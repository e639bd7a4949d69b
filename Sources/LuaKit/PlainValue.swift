import CLua

/// A Lua value copied out as plain data, so that it can outlive its state and be handed to
/// another: what a graded script returned, read by the exercise's checks.
public indirect enum PlainValue: Equatable, Sendable {
    case none
    case boolean(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    /// A table whose keys are exactly 1...n.
    case list([PlainValue])
    /// Any other table; keys become strings as `tostring` would write them.
    case table([String: PlainValue])
    /// A function, userdata or thread, by its type name: nothing of it can be copied.
    case opaque(String)
    /// Where a copy stopped: a cycle, or past the depth or size it may have.
    case truncated(String)
}

/// How much a copy may take, shared by every value copied with it: a table that points
/// at one large string from many slots would otherwise be copied many times over.
public struct PlainBudget {
    public var items: Int
    public var bytes: Int

    public init(items: Int = 10_000, bytes: Int = 1 << 20) {
        self.items = items
        self.bytes = bytes
    }

    /// For values that cross to another Lua state or to Swift (host functions, workers): a
    /// real payload, bounded so that a runaway copy cannot exhaust memory unlimited.
    public static var crossing: PlainBudget { PlainBudget(items: 1 << 20, bytes: 256 << 20) }

    /// How deep a crossing value's tables may nest.
    public static let crossingDepth = 32
}

extension Lua {
    /// Copies the value at `index` without running a metamethod (raw reads only), so a
    /// hostile table cannot run code or loop; cycles and what goes past the budget are cut short.
    public func plainValue(at index: Int32, maxDepth: Int = 8, budget: inout PlainBudget) -> PlainValue {
        var open: Set<UnsafeRawPointer> = []
        return copy(at: absolute(index), depth: maxDepth, budget: &budget, open: &open)
    }

    public func plainValue(at index: Int32, maxDepth: Int = 8) -> PlainValue {
        var budget = PlainBudget()
        return plainValue(at: index, maxDepth: maxDepth, budget: &budget)
    }

    private func copy(at index: Int32, depth: Int, budget: inout PlainBudget, open: inout Set<UnsafeRawPointer>) -> PlainValue {
        budget.items -= 1
        switch type(at: index) {
        case LUA_TNIL, LUA_TNONE: return .none
        case LUA_TBOOLEAN: return .boolean(toBoolean(index))
        case LUA_TNUMBER: return isInteger(index) ? .integer(integer(at: index) ?? 0) : .number(number(at: index) ?? 0)
        case LUA_TSTRING:
            let length = rawLength(index)
            guard length <= budget.bytes else { return .truncated("string of \(length) bytes") }
            budget.bytes -= length
            return .string(string(at: index) ?? "")
        case LUA_TTABLE: break
        default: return .opaque(typeName(at: index))
        }
        guard let identity = lua_topointer(state, index) else { return .truncated("table") }
        if open.contains(identity) { return .truncated("cycle") }
        guard depth > 0, budget.items > 0, ensureStack(3) else { return .truncated("table too deep or too large") }
        open.insert(identity)
        defer { open.remove(identity) }
        var entries: [(key: PlainValue, value: PlainValue)] = []
        pushNil()
        while lua_next(state, index) != 0 {
            if budget.items <= 0 {
                pop(2)
                entries.append((.string("…"), .truncated("more entries")))
                break
            }
            let key = copy(at: absolute(-2), depth: 0, budget: &budget, open: &open)
            entries.append((key, copy(at: absolute(-1), depth: depth - 1, budget: &budget, open: &open)))
            pop()
        }
        let positions = entries.compactMap { if case .integer(let n) = $0.key { n } else { nil } }
        if positions.count == entries.count, Set(positions) == Set(1...max(entries.count, 1)) || entries.isEmpty {
            return .list(entries.sorted { $0.key.sortKey < $1.key.sortKey }.map(\.value))
        }
        var table: [String: PlainValue] = [:]
        for (key, value) in entries { table[key.keyText] = value }
        return .table(table)
    }

    /// Stack: [-0, +1] pushes a copy of `value` as fresh Lua data.
    public func push(_ value: PlainValue) {
        guard ensureStack(3) else { return pushNil() }
        switch value {
        case .none: pushNil()
        case .boolean(let flag): push(flag)
        case .integer(let number): push(number)
        case .number(let number): push(number)
        case .string(let text), .opaque(let text), .truncated(let text): push(text)
        case .list(let items):
            newTable(arraySize: Int32(clamping: items.count), hashSize: 0)
            for (position, item) in items.enumerated() {
                push(item)
                rawSet(-2, index: position + 1)
            }
        case .table(let fields):
            newTable(arraySize: 0, hashSize: Int32(clamping: fields.count))
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                push(field)
                setField(-2, key)
            }
        }
    }
}

/// Literals make plain values read as what they are: `["a", 1, ["k": true]]`.
extension PlainValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .none }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: PlainValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, PlainValue)...) {
        self = .table(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}

extension PlainValue {
    /// How a key reads once it is a string key.
    fileprivate var keyText: String {
        switch self {
        case .string(let text), .opaque(let text), .truncated(let text): text
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .boolean(let flag): String(flag)
        default: "?"
        }
    }

    fileprivate var sortKey: Int { if case .integer(let n) = self { n } else { 0 } }
}
