/// Draws a recorded run as one row per task on a time axis that fits the terminal, then a
/// row per primitive (a queue's depth, a semaphore's slots in use, an event set) and per
/// simulated service.
///
/// Rows are named and nested as `TimelineRows` orders them. A cell shows what the task did
/// most of that column: `█` running, `·` ready, `─` asleep, a letter while it waits on a
/// primitive (`Q` to put on a full queue, `s` for a semaphore slot, … see `glyph`); the
/// row ends with `✔` (returned), `✘` (failed) or `⊘` (cancelled), and `×` marks where a
/// cancel was asked, `◷` where a timeout expired. On the virtual clock running takes no
/// time, so a run shows as a `█` in the column where it happened.
public enum TerminalTimeline {
    public static func render(_ trace: TraceRecorder, width: Int, colour: Bool) -> String {
        let layout = TimelineRows(trace)
        let primitives = PrimitiveTracks.tracks(trace)
        let labels = layout.rows.map { String(repeating: "  ", count: min($0.depth, 4)) + $0.name }
            + primitives.map(primitiveLabel) + ServiceTimeline.series(trace).map(\.name)
        let labelWidth = min(max(labels.map(\.count).max() ?? 4, 4), 28)
        let columns = max(width - labelWidth - 3, 10)
        let end = max(trace.endTime, 1)
        func column(_ time: Int64) -> Int { min(columns - 1, Int((Double(time) / Double(end)) * Double(columns - 1))) }
        func pad(_ text: String) -> String {
            let cut = String(text.prefix(labelWidth))
            return cut + String(repeating: " ", count: labelWidth - cut.count)
        }

        var lines: [String] = []
        var used = Set<TimelineState>()
        var marksUsed = Set<String>()
        for (row, label) in zip(layout.rows, labels) {
            let track = trace.tracks[row.track]
            var cells = Array(repeating: Cell.empty, count: columns)
            for span in track.spans {
                let from = column(span.start)
                let to = max(from, column(span.end) - (span.end > span.start ? 1 : 0))
                let state = TimelineState.of(span, labels: trace.labels).state
                used.insert(state)
                for index in from...to where cells[index].rank < Cell.state(state).rank { cells[index] = .state(state) }
            }
            for incident in track.incidents {
                let mark: Cell
                switch incident.kind {
                case .cancelRequested: mark = .mark("×", "33")
                case .timedOut: mark = .mark("◷", "33")
                case .failed: mark = .mark("✘", "31")
                case .cancelled: mark = .mark("⊘", "33")
                }
                if case .mark(let glyph, _) = mark { marksUsed.insert(glyph) }
                cells[column(incident.time)] = mark
            }
            if let finished = track.finishedAt, track.outcome == .returned {
                cells[column(finished)] = .mark("✔", "32")
                marksUsed.insert("✔")
            }
            lines.append(pad(label) + " │" + cells.map { $0.text(colour: colour) }.joined())
        }
        for primitive in primitives {
            lines.append(pad(primitiveLabel(primitive)) + " ┊" + primitiveCells(primitive, columns: columns, column: column, colour: colour).joined())
        }
        for (name, cells) in ServiceTimeline.terminalRows(trace, columns: columns, column: column) {
            lines.append(pad(name) + " ┊" + cells.joined())
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: columns))
        let startLabel = "0s"
        let endLabel = seconds(end)
        let gap = max(1, columns - startLabel.count - endLabel.count)
        lines.append(String(repeating: " ", count: labelWidth + 2) + startLabel + String(repeating: " ", count: gap) + endLabel)
        lines += legend(states: used, marks: marksUsed, primitives: !primitives.isEmpty,
                        services: !ServiceTimeline.series(trace).isEmpty, width: width)
        return lines.joined(separator: "\n")
    }

    private static func primitiveLabel(_ track: PrimitiveTracks.Track) -> String {
        switch track.kind {
        case .queue: return track.limit.map { "\(track.name) (max \($0))" } ?? track.name
        case .semaphore: return "\(track.name) (\(track.limit ?? 1) slots)"
        case .lock, .event, .connections: return track.name
        }
    }

    /// The most the value was within each column: a digit (`+` above 9), red where it
    /// reached the limit; an event is `━` while set.
    private static func primitiveCells(
        _ track: PrimitiveTracks.Track, columns: Int, column: (Int64) -> Int, colour: Bool
    ) -> [String] {
        ColumnPeaks.of(track.samples, columns: columns, column: column).map { value in
            if value == 0 { return " " }
            let glyph = track.kind == .event ? "━" : value > 9 ? "+" : String(value)
            let full = track.limit.map { value >= $0 } ?? false
            return colour && full && track.kind != .event ? "\u{1B}[1;31m\(glyph)\u{1B}[0m" : glyph
        }
    }

    /// Only the glyphs this run uses, wrapped to the width.
    private static func legend(states: Set<TimelineState>, marks: Set<String>, primitives: Bool, services: Bool, width: Int) -> [String] {
        var entries = TimelineState.allCases.filter(states.contains).map { "\(glyph($0)) \(shortMeaning($0))" }
        let markMeanings = [("✔", "returned"), ("✘", "failed"), ("⊘", "cancelled"), ("×", "cancel asked"), ("◷", "timed out")]
        entries += markMeanings.filter { marks.contains($0.0) }.map { "\($0.0) \($0.1)" }
        if primitives { entries += ["┊ a primitive: items or slots in use", "(red: at its limit)", "━ an event set"] }
        if services { entries += ["┊ a service: calls in flight (1-9, + more)", "✗ a call rejected"] }
        var lines: [String] = []
        var line = ""
        for entry in entries {
            if !line.isEmpty, line.count + 2 + entry.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? entry : "  " + entry
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func glyph(_ state: TimelineState) -> String {
        switch state {
        case .running: return "█"
        case .ready: return "·"
        case .sleep: return "─"
        case .queueGet: return "q"
        case .queuePut: return "Q"
        case .queueJoin: return "j"
        case .semaphore: return "s"
        case .lock: return "l"
        case .event: return "e"
        case .condition: return "c"
        case .task: return "t"
        case .host: return "h"
        case .service: return "v"
        case .socket: return "n"
        case .other: return "~"
        }
    }

    private static func shortMeaning(_ state: TimelineState) -> String {
        switch state {
        case .running: return "running"
        case .ready: return "ready"
        case .sleep: return "asleep"
        case .queueGet: return "get, queue empty"
        case .queuePut: return "put, queue full"
        case .queueJoin: return "queue join"
        case .semaphore: return "semaphore"
        case .lock: return "lock"
        case .event: return "event"
        case .condition: return "condition"
        case .task: return "awaits a task"
        case .host: return "host work"
        case .service: return "a service call"
        case .socket: return "a socket"
        case .other: return "waiting"
        }
    }

    private enum Cell {
        case empty
        case state(TimelineState)
        case mark(String, String)

        /// Which cell wins when several spans share a column: running, then a wait on a
        /// primitive (the lecture's point), then a sleep or an await, then ready.
        var rank: Int {
            switch self {
            case .empty: return 0
            case .state(.ready): return 1
            case .state(.sleep), .state(.task), .state(.other): return 2
            case .state(.running): return 4
            case .state: return 3
            case .mark: return 5
            }
        }

        func text(colour: Bool) -> String {
            let (glyph, code): (String, String)
            switch self {
            case .empty: return " "
            case .mark(let text, let markCode): (glyph, code) = (text, markCode)
            case .state(let state):
                glyph = TerminalTimeline.glyph(state)
                switch state {
                case .running: code = "32"
                case .ready, .sleep, .task, .other: code = "2"
                case .queuePut, .semaphore, .lock: code = "31"
                default: code = "35"
                }
            }
            return colour ? "\u{1B}[\(code)m\(glyph)\u{1B}[0m" : glyph
        }
    }

    static func seconds(_ nanoseconds: Int64) -> String {
        let millis = Int((Double(nanoseconds) / 1e6).rounded())
        let fraction = millis % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(millis / 1000).\(padded)s"
    }
}
