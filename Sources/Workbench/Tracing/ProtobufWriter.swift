/// Protocol buffers' wire format, the little of it a trace needs: varints, fixed64 and
/// length-delimited fields, appended to a byte array.
struct ProtobufWriter {
    var bytes: [UInt8] = []

    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// How many bytes `value` takes as a varint.
    static func size(of value: UInt64) -> UInt64 { value == 0 ? 1 : UInt64(70 - value.leadingZeroBitCount) / 7 }

    /// Wire types: 0 varint, 1 fixed64, 2 length-delimited.
    @inline(__always)
    mutating func tag(_ field: UInt64, _ wireType: UInt64) { varint(field << 3 | wireType) }

    @inline(__always)
    mutating func field(_ field: UInt64, _ value: UInt64) {
        tag(field, 0)
        varint(value)
    }

    /// An int64 field: negative values take ten bytes, as protobuf has them.
    mutating func field(_ field: UInt64, signed value: Int64) { self.field(field, UInt64(bitPattern: value)) }

    mutating func fixed64(_ field: UInt64, _ value: UInt64) {
        tag(field, 1)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func field(_ field: UInt64, _ text: String) {
        tag(field, 2)
        varint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// A nested message, already written.
    mutating func message(_ field: UInt64, _ nested: ProtobufWriter) {
        tag(field, 2)
        varint(UInt64(nested.bytes.count))
        bytes.append(contentsOf: nested.bytes)
    }

    /// A nested message, written by `body` (its length goes first).
    mutating func message(_ field: UInt64, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        message(field, nested)
    }
}
