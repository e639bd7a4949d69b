/// A reference that is not counted: for back-pointers to an owner that outlives the holder
/// (a primitive's loop, a task's runtime) and for the tasks in the loop's queues.
///
/// An `unowned(unsafe)` property is not enough on a hot path: each read of it is a fresh
/// strong copy, retained around every call made with it. `borrow` lends the object to a
/// closure without a retain, for as long as the closure runs.
public struct Uncounted<Object: AnyObject> {
    @usableFromInline let reference: Unmanaged<Object>

    @inlinable public init(_ object: Object) { reference = .passUnretained(object) }

    /// The object, as an ordinary (counted) reference: for code off the hot path.
    @inlinable public var object: Object { reference.takeUnretainedValue() }

    @inlinable @inline(__always)
    public func borrow<Result>(_ body: (Object) throws -> Result) rethrows -> Result {
        try reference._withUnsafeGuaranteedRef(body)
    }

    /// Whether this refers to `object` itself.
    @inlinable public func refers(to object: Object) -> Bool {
        reference.toOpaque() == Unmanaged.passUnretained(object).toOpaque()
    }
}
