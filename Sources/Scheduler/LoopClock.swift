#if canImport(Glibc)
import Glibc
#endif

/// The loop's source of time, in integer nanoseconds since the loop started.
///
/// Virtual time is kept in integer ticks so that a run's timings never drift through
/// accumulated floating-point error: `0.3 + 0.3 + 0.3` seconds is exactly 900,000,000 ns.
public protocol LoopClock: AnyObject {
    /// Nanoseconds since the loop started.
    var now: Int64 { get }
    /// True when time only moves because the loop moves it.
    var isVirtual: Bool { get }
}

/// Real monotonic time.
public final class RealClock: LoopClock {
    private let start = RealClock.monotonicNanoseconds()

    public init() {}

    public var isVirtual: Bool { false }

    public var now: Int64 { Self.monotonicNanoseconds() - start }

    /// CLOCK_MONOTONIC read directly: the loop asks every turn, and ContinuousClock's
    /// Duration arithmetic (128-bit attoseconds) cost more than the read itself.
    private static func monotonicNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

/// Time that stands still while tasks run and jumps to the next timer when none can.
public final class VirtualClock: LoopClock {
    public private(set) var now: Int64 = 0

    public init() {}

    public var isVirtual: Bool { true }

    /// Moves time to `deadline`, or leaves it if it is already there or past.
    public func jump(to deadline: Int64) {
        if deadline > now { now = deadline }
    }
}

extension EventLoop {
    /// `ticks` from now, saturating at the end of time rather than wrapping into the past.
    public func deadline(after ticks: Int64) -> Int64 {
        let (sum, overflow) = now.addingReportingOverflow(max(ticks, 0))
        return overflow ? Int64.max : sum
    }
}

/// Converts seconds to clock ticks, saturating instead of trapping on huge or odd values.
public func nanoseconds(fromSeconds seconds: Double) -> Int64 {
    guard seconds > 0 else { return 0 }
    let ticks = (seconds * 1e9).rounded()
    return ticks >= 9.2e18 ? Int64.max / 2 : Int64(ticks)
}
