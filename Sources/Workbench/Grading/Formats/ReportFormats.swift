import FoundationEssentials
import Glibc

/// Writes a grade report in one of `tide grade`'s formats.
enum ReportFormats {
    static func render(_ report: GradeReport, as format: Grader.Format, colour: Bool) -> String {
        switch format {
        case .text: TextReport.render(report, colour: colour)
        case .json: encode(report)
        case .junit: JUnitReport.render(report)
        case .tap: TAPReport.render(report)
        case .gradescope: encode(GradescopeResults(report.submissions[0]))
        case .githubClassroom: encode(ClassroomResults(report.submissions[0]))
        case .prairielearn: encode(PrairieLearnResults(report.submissions[0]))
        }
    }

    /// Pretty JSON with snake_case keys (`max_score`), as course tools expect.
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension SubmissionGrade {
    /// The submission as it was named on the command line: with a folder per student,
    /// the file names alone (`solution.lua`) would all be the same. A name is the student's
    /// to choose, so control characters are spelt out: none can add a line to a report.
    var label: String { oneLine(submission) }

    /// The verdict as a sentence for the student: why the run stopped, or why the
    /// submission could not be graded at all.
    var verdictSentence: String? {
        guard let verdict else { return nil }
        return verdictKind == .error ? "Your submission could not be graded: \(verdict)." : "The run was stopped: \(verdict)."
    }
}

/// `text` on one line: line breaks and other control characters are written as escapes
/// (`\n`, `\u{1B}`), so text from a submission cannot add lines or colours to a report.
func oneLine(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
            out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
