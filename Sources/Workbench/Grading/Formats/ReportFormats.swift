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
    /// the file names alone (`solution.lua`) would all be the same.
    var label: String { submission }
}
