/// JUnit XML: a test suite per submission, a test case per check. A check lost in a run
/// with a verdict is an `<error>` whose type names the ending (`deadlock`, `limit`,
/// `syntax-error`, `error`), any other lost check a `<failure>`. The verdict itself is a
/// property of the suite, said once.
enum JUnitReport {
    static func render(_ report: GradeReport) -> String {
        let all = report.submissions.flatMap(\.checks)
        let errors = report.submissions.filter { $0.verdict != nil }.flatMap(\.checks).filter { !$0.passed }.count
        let failures = all.filter { !$0.passed }.count - errors
        var xml = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        xml.append(#"<testsuites name="\#(escape(report.title))" tests="\#(all.count)" failures="\#(failures)" errors="\#(errors)" time="\#(time(report.submissions.reduce(0) { $0 + $1.executionTime }))">"#)
        for grade in report.submissions {
            let lost = grade.checks.filter { !$0.passed }.count
            let (failures, errors) = grade.verdict == nil ? (lost, 0) : (0, lost)
            xml.append(#"  <testsuite name="\#(escape(grade.submission))" tests="\#(grade.checks.count)" failures="\#(failures)" errors="\#(errors)" time="\#(time(grade.executionTime))">"#)
            xml.append("    <properties>")
            xml.append(#"      <property name="score" value="\#(formatPoints(grade.score))"/>"#)
            xml.append(#"      <property name="max_score" value="\#(formatPoints(grade.maxScore))"/>"#)
            if let verdict = grade.verdict {
                xml.append(#"      <property name="verdict" value="\#(escape(verdict))"/>"#)
            }
            xml.append("    </properties>")
            for check in grade.checks {
                let name = escape("\(check.number). \(check.name)")
                let opening = #"    <testcase name="\#(name)" classname="\#(escape(grade.label))" time="\#(formatFixed(check.time, digits: 6))""#
                if check.passed {
                    xml.append(opening + "/>")
                    continue
                }
                let element = grade.verdict == nil ? "failure" : "error"
                let message = check.output.split(separator: "\n").first.map(String.init) ?? grade.verdict ?? "lost points"
                let type = grade.verdict == nil ? "check" : (grade.verdictKind ?? .error).rawValue
                xml.append(opening + ">")
                xml.append(#"      <\#(element) message="\#(escape(message))" type="\#(type)">\#(escape("\(formatPoints(check.score))/\(formatPoints(check.maxScore)) points\n\(check.output)", lineBreaks: true))</\#(element)>"#)
                xml.append("    </testcase>")
            }
            if !grade.output.isEmpty { xml.append("    <system-out>\(escape(grade.output, lineBreaks: true))</system-out>") }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    private static func time(_ seconds: Double) -> String { formatFixed(seconds, digits: 3) }

    /// Text for an attribute or element; characters XML 1.0 cannot hold at all are dropped.
    /// Line breaks stay as they are only in an element's text (`lineBreaks`); in an attribute
    /// they become character references, so no name can add a line to the file.
    static func escape(_ text: String, lineBreaks: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n" where !lineBreaks: out += "&#10;"
            case "\t" where !lineBreaks: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
