import LuaAsync

/// The limits of a sandboxed run (defined with the runtime that enforces them).
public typealias Limits = LuaAsync.Limits

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
    /// Where to write a Chrome trace-event JSON file of the run.
    public var tracePath: String?
    /// Whether to print a per-task timeline on stderr after the run.
    public var timeline = false
    /// Where to write the per-task timeline as plain text.
    public var timelineFilePath: String?
    /// Where to write a self-contained HTML timeline of the run.
    public var timelineHTMLPath: String?
    /// Whether to print a one-line summary per sim service at the end of the run.
    public var stats = false
    /// A task running this long (real time) without awaiting is reported; 0 turns it off.
    public var slowTaskMilliseconds = 100
    /// Sandbox and resource limits, if any (`--sandbox`, `--max-*`).
    public var limits: Limits?

    public init(clock: ClockKind = .real, seed: Int64? = nil) {
        self.clock = clock
        self.seed = seed
    }

    /// Whether the run must be recorded for a trace or a timeline.
    var records: Bool { tracePath != nil || timeline || timelineFilePath != nil || timelineHTMLPath != nil }
}
