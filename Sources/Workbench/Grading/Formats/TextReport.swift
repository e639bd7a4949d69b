/// The report for people: each submission's score, then each check with its feedback.
enum TextReport {
    static func render(_ report: GradeReport, colour: Bool) -> String {
        let style = Style(colour: colour)
        var lines = [style.bold("\(report.title)") + " — \(count(report.submissions.count)), out of \(formatPoints(report.maxScore)) points", ""]
        for grade in report.submissions {
            let score = "\(formatPoints(grade.score))/\(formatPoints(grade.maxScore))"
            lines.append(style.bold(grade.label) + "  " + (grade.score >= grade.maxScore ? style.green(score) : style.red(score)))
            if let verdict = grade.verdict { lines.append("  " + style.red("stopped: \(oneLine(verdict))")) }
            for check in grade.checks {
                let mark = check.passed ? style.green("✓") : style.red("✗")
                let hidden = check.visibility == "visible" ? "" : style.dim("  [\(check.visibility)]")
                lines.append("  \(mark) \(check.number). \(check.name) (\(formatPoints(check.score))/\(formatPoints(check.maxScore)))\(hidden)")
                if !check.output.isEmpty {
                    lines += check.output.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    private static func count(_ n: Int) -> String { n == 1 ? "1 submission" : "\(n) submissions" }

    private struct Style {
        let colour: Bool
        private func wrap(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func bold(_ text: String) -> String { wrap(text, "1") }
        func dim(_ text: String) -> String { wrap(text, "2") }
        func green(_ text: String) -> String { wrap(text, "32") }
        func red(_ text: String) -> String { wrap(text, "31") }
    }
}
