/// Which clock a run uses.
public enum ClockKind: String, CaseIterable, Sendable {
    /// Sleeps take real time.
    case real
    /// Time jumps to the next timer whenever no task can run: exact, instant, repeatable.
    case virtual
}

/// How `tide run` runs a script.
public struct RunOptions: Sendable {
    public var clock: ClockKind
    /// Seeds `math.random`; nil picks a fresh seed.
    public var seed: Int64?

    public init(clock: ClockKind = .real, seed: Int64? = nil) {
        self.clock = clock
        self.seed = seed
    }
}
