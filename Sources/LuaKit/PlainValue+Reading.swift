/// Reading plain values from Swift, and showing them as Lua would write them.
extension PlainValue: CustomStringConvertible {
    /// The string, if this is one.
    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    /// The integer, if this is one (or a float with an integer value, as Lua converts it).
    public var intValue: Int? {
        switch self {
        case .integer(let number): number
        case .number(let number): number.rounded() == number && abs(number) < 9.2e18 ? Int(number) : nil
        default: nil
        }
    }
    /// The number, integer or float.
    public var doubleValue: Double? {
        switch self {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }
    public var boolValue: Bool? { if case .boolean(let flag) = self { flag } else { nil } }
    public var isNil: Bool { self == .none }

    /// A table's field (nil when absent, or when this is not a table with string keys).
    public subscript(key: String) -> PlainValue {
        if case .table(let fields) = self { fields[key] ?? .none } else { .none }
    }

    /// A list's item, counting from 1 as Lua does (nil past its end).
    public subscript(position: Int) -> PlainValue {
        if case .list(let items) = self, position >= 1, position <= items.count { items[position - 1] } else { .none }
    }

    /// Lua's way of writing it: `{ 1, 2 }`, `{ region = "eu", status = 200 }` (keys sorted).
    public var description: String {
        switch self {
        case .none: "nil"
        case .boolean(let flag): String(flag)
        case .integer(let number): String(number)
        case .number(let number): "\(number)"
        case .string(let text): "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            .replacing("\n", with: "\\n") + "\""
        case .list(let items): items.isEmpty ? "{}" : "{ " + items.map(\.description).joined(separator: ", ") + " }"
        case .table(let fields):
            fields.isEmpty ? "{}" : "{ " + fields.sorted { $0.key < $1.key }.map { key, value in
                (Self.isName(key) ? key : "[\(PlainValue.string(key))]") + " = " + value.description
            }.joined(separator: ", ") + " }"
        case .opaque(let type): "<\(type)>"
        case .truncated(let why): "<\(why)>"
        }
    }

    private static func isName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
