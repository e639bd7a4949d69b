/// A value that only the loop's thread may use, carried through the door inside a job that
/// another thread hands in (the job runs on the loop, where the value belongs).
///
/// The compiler cannot see that the value never leaves the loop, so this says it: create
/// it on the loop, and read `value` only in a job the door delivers.
public struct LoopBound<Value>: @unchecked Sendable {
    public let value: Value

    public init(_ value: Value) { self.value = value }
}
