/// Keeping the run's reports within bounds.
extension Runtime {
    /// At most this many reports of one kind are kept; the rest are counted, and one line
    /// says how many more there were. A loop of a million tasks that each swallow a cancel
    /// would otherwise keep a million lines (and a copy of each task's name) in the host.
    static let reportsPerKind = 100
    /// Names appear in every report about their task: a longer one is refused at `set_name`.
    static let longestTaskName = 1024

    func report(_ diagnostic: Diagnostic) {
        let count = reportCounts[diagnostic.kind, default: 0] + 1
        reportCounts[diagnostic.kind] = count
        if count <= Self.reportsPerKind { diagnostics.append(diagnostic) }
    }

    /// Adds the line for each kind that had more reports than were kept, and starts counting
    /// anew (at the end of a run, or of a REPL input).
    func closeReports() {
        let overflowing = reportCounts.filter { $0.value > Self.reportsPerKind }
        for (kind, count) in overflowing.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            diagnostics.append(Diagnostic(kind, "… and \(count - Self.reportsPerKind) more \(kind.rawValue) reports like these"))
        }
        reportCounts = [:]
    }

    /// An error's text as reports keep it: at most 16 KiB (cut at a character), then how long
    /// it was. The error object itself stays whole for the script.
    static let clippedLength = 16 << 10

    static func clipped(_ text: String, to limit: Int = clippedLength, wholeLength: Int? = nil) -> String {
        let bytes = wholeLength ?? text.utf8.count
        guard bytes > limit else { return text }
        var kept = Array(text.utf8.prefix(limit + 1))
        // Back to the start of a character: drop continuation bytes (10xxxxxx) and their lead.
        while let last = kept.popLast(), last & 0xC0 == 0x80 {}
        return String(decoding: kept, as: UTF8.self) + "… (\(bytes) bytes in all)"
    }
}
