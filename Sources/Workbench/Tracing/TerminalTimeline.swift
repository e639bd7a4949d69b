/// Draws a recorded run as one row per task on a time axis that fits the terminal.
///
/// `█` running, `─` waiting, `·` ready for its turn; the row ends with `✔` (returned),
/// `✘` (failed) or `⊘` (cancelled). On the virtual clock running takes no time, so a run
/// shows as a `█` in the column where it happened.
public enum TerminalTimeline {
    public static func render(_ trace: TraceRecorder, width: Int, colour: Bool) -> String {
        let names = trace.tracks.map { $0.name } + ServiceTimeline.series(trace).map(\.name)
        let labelWidth = min(max(names.map(\.count).max() ?? 4, 4), 24)
        let columns = max(width - labelWidth - 3, 10)
        let end = max(trace.endTime, 1)
        func column(_ time: Int64) -> Int { min(columns - 1, Int((Double(time) / Double(end)) * Double(columns - 1))) }

        var lines: [String] = []
        for track in trace.tracks {
            var cells = Array(repeating: Cell.empty, count: columns)
            for span in track.spans {
                let from = column(span.start)
                let to = max(from, column(span.end) - (span.end > span.start ? 1 : 0))
                let cell: Cell
                switch span.kind {
                case .running: cell = .running
                case .waiting: cell = .waiting
                case .ready: cell = .ready
                }
                for index in from...to where cells[index].rank < cell.rank { cells[index] = cell }
            }
            if let finished = track.finishedAt {
                cells[column(finished)] = track.outcome == .returned ? .returned : track.outcome == .failed ? .failed : .cancelled
            }
            let label = String(track.name.prefix(labelWidth))
            let padded = label + String(repeating: " ", count: labelWidth - label.count)
            lines.append(padded + " │" + cells.map { $0.text(colour: colour) }.joined())
        }
        for (name, cells) in ServiceTimeline.terminalRows(trace, columns: columns, column: column) {
            let label = String(name.prefix(labelWidth))
            lines.append(label + String(repeating: " ", count: labelWidth - label.count) + " ┊" + cells.joined())
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: columns))
        let startLabel = "0s"
        let endLabel = seconds(end)
        let gap = max(1, columns - startLabel.count - endLabel.count)
        lines.append(String(repeating: " ", count: labelWidth + 2) + startLabel + String(repeating: " ", count: gap) + endLabel)
        lines.append("█ running  ─ waiting  · ready  ✔ returned  ✘ failed  ⊘ cancelled")
        if !trace.samples.isEmpty, !ServiceTimeline.series(trace).isEmpty {
            lines.append("┊ a service: calls in flight (1-9, + more)  ✗ a call rejected (429, 503, refused, reset)")
        }
        return lines.joined(separator: "\n")
    }

    private enum Cell {
        case empty, ready, waiting, running, returned, failed, cancelled

        /// Which cell wins when several spans share a column.
        var rank: Int {
            switch self {
            case .empty: return 0
            case .ready: return 1
            case .waiting: return 2
            default: return 3
            }
        }

        func text(colour: Bool) -> String {
            let (glyph, code): (String, String)
            switch self {
            case .empty: return " "
            case .ready: (glyph, code) = ("·", "2")
            case .waiting: (glyph, code) = ("─", "2")
            case .running: (glyph, code) = ("█", "32")
            case .returned: (glyph, code) = ("✔", "32")
            case .failed: (glyph, code) = ("✘", "31")
            case .cancelled: (glyph, code) = ("⊘", "33")
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
