/// What the loop did, as bytes: one record an event, its kind, the time since the record
/// before and the event's numbers (task ids, label numbers) as varints, 3 to 6 bytes for
/// most events. Recording is an append to one buffer: no Swift object, no text.
///
/// A new kind of event is a new `Kind`, its `fields` count, a call to `append`, and a case
/// where the log is read (`TraceRecorder`'s replay and `PerfettoTrace`).
public final class TraceLog {
    public enum Kind: UInt8 {
        /// a: task.
        case started = 1, resumed, ready, finished, timedOut
        /// a: task, b: the label it waits on, c: its site's label + 1 (0: unknown).
        case waiting
        /// a: task, b: the task that woke it.
        case woken
        /// a: task, b: the canceller + 1 (0: a timer, the loop).
        case cancelRequested
        /// a: the task + 1 (0: none), b: the label.
        case operation
        /// a: the counter's label, b: its value, zigzagged.
        case counter

        /// How many numbers follow the time.
        var fields: Int {
            switch self {
            case .started, .resumed, .ready, .finished, .timedOut: 1
            case .woken, .cancelRequested, .operation, .counter: 2
            case .waiting: 3
            }
        }
    }

    /// One record, read back.
    public struct Event {
        public var kind: Kind
        public var time: Int64
        public var a: UInt64
        public var b: UInt64
        public var c: UInt64
    }

    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written.
    public private(set) var count = 0
    /// Records written.
    public private(set) var events = 0
    private var lastTime: Int64 = 0
    /// The most one record takes: a kind byte and four varints of ten bytes.
    private static let largestRecord = 41

    public init() {
        capacity = 1 << 16
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    @inline(__always)
    public func append(_ kind: Kind, at time: Int64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) {
        if count + Self.largestRecord > capacity { grow() }
        bytes[count] = kind.rawValue
        count += 1
        putVarint(Self.zigzag(time &- lastTime))
        lastTime = time
        putVarint(a)
        if kind.fields > 1 { putVarint(b) }
        if kind.fields > 2 { putVarint(c) }
        events += 1
    }

    @inline(__always)
    private func putVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes[count] = UInt8(truncatingIfNeeded: rest) | 0x80
            count += 1
            rest >>= 7
        }
        bytes[count] = UInt8(rest)
        count += 1
    }

    private func grow() {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = larger
        capacity *= 2
    }

    /// Calls `body` with every record, in the order they were appended.
    public func forEach(_ body: (Event) throws -> Void) rethrows {
        var offset = 0
        var time: Int64 = 0
        func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        while offset < count {
            let kind = Kind(rawValue: bytes[offset])!
            offset += 1
            time &+= Self.unzigzag(varint())
            var event = Event(kind: kind, time: time, a: varint(), b: 0, c: 0)
            if kind.fields > 1 { event.b = varint() }
            if kind.fields > 2 { event.c = varint() }
            try body(event)
        }
    }

    @inline(__always)
    public static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: value << 1 ^ value >> 63) }

    @inline(__always)
    public static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
}
