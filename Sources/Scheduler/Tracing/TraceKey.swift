/// A traced text told in numbers: which object, which of its names, and what of its state
/// the text shows. Equal keys stand for equal texts within one loop, so a tracer formats
/// each distinct text once instead of once an event.
public struct TraceKey: Hashable, Sendable {
    /// The kinds of object that name things in a trace; with a serial, one object.
    public enum Family: UInt8 {
        case event = 1, queue, lifoQueue, priorityQueue, semaphore, boundedSemaphore, lock, condition
        case sleep, task
        /// A line of a script: the key's state is the line, `object` its source's identity.
        case site
    }

    public let object: UInt64
    public let state: UInt64
    public let more: UInt64

    /// Key `part` of object `serial` of `family` (`Queue#3`'s `:put` or its `size`).
    public init(_ family: Family, serial: Int, part: UInt8 = 0, state: UInt64 = 0, more: UInt64 = 0) {
        object = UInt64(family.rawValue) << 56 | UInt64(part) << 48 | UInt64(truncatingIfNeeded: serial) & 0xFFFF_FFFF_FFFF
        self.state = state
        self.more = more
    }

    /// A script line: `source` and `fingerprint` (a hash of the source's name) tell the chunk.
    public init(site source: UnsafeRawPointer, fingerprint: UInt64, line: Int) {
        object = UInt64(UInt(bitPattern: source))
        state = UInt64(truncatingIfNeeded: line) | UInt64(Family.site.rawValue) << 56
        more = fingerprint
    }

    /// What every `asyncio.sleep` waits on.
    public static let sleep = TraceKey(.sleep, serial: 0)

    /// `Int` state as a key word.
    public static func word(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64(value)) }
}
