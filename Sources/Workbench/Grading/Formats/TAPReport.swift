/// TAP 14: a test point per submission, each with a subtest of its checks; a lost check
/// carries a YAML block with its feedback and score, and a verdict is a comment, said once,
/// whose kind (`deadlock`, `limit`, `syntax-error`, `error`) is the lost checks' severity.
enum TAPReport {
    static func render(_ report: GradeReport) -> String {
        var lines = ["TAP version 14", "1..\(report.submissions.count)"]
        for (index, grade) in report.submissions.enumerated() {
            lines.append("# Subtest: \(grade.label)")
            lines.append("    1..\(grade.checks.count)")
            if let verdict = grade.verdict { lines.append("    # stopped: \(line(verdict))") }
            for check in grade.checks {
                lines.append("    \(check.passed ? "ok" : "not ok") \(check.number) - \(line(check.name)) (\(formatPoints(check.score))/\(formatPoints(check.maxScore)))")
                if !check.passed {
                    lines.append("      ---")
                    if !check.output.isEmpty { lines.append("      message: \(quoted(check.output))") }
                    lines.append("      severity: \(grade.verdict == nil ? "fail" : (grade.verdictKind ?? .error).rawValue)")
                    lines.append("      data: {score: \(formatPoints(check.score)), max_score: \(formatPoints(check.maxScore)), visibility: \(check.visibility)}")
                    lines.append("      ...")
                }
            }
            let passed = grade.checks.allSatisfy(\.passed) && grade.verdict == nil
            lines.append("\(passed ? "ok" : "not ok") \(index + 1) - \(line(grade.label)) (\(formatPoints(grade.score))/\(formatPoints(grade.maxScore)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A description stays on its line, and a `#` in it cannot start a directive.
    private static func line(_ text: String) -> String {
        oneLine(text).replacing("#", with: "\\#")
    }

    /// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
    private static func quoted(_ text: String) -> String { ChromeTrace.quote(text) }
}
