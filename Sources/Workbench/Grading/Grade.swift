/// The grade of one submission: what every output format is written from.
public struct SubmissionGrade: Codable, Sendable {
    public struct CheckGrade: Codable, Sendable {
        public let name: String
        public let number: String
        public let score: Double
        public let maxScore: Double
        /// Feedback for the student: the check's own, its message, and why the run ended.
        public let output: String
        public let visibility: String

        public var passed: Bool { score >= maxScore }
    }

    public let submission: String
    public let score: Double
    public let maxScore: Double
    public let checks: [CheckGrade]
    /// Why the submission lost what it lost wholesale: a limit, a crash, a timeout.
    public let verdict: String?
    /// What the first seed's run printed, and its diagnostics, for the student to read.
    public let output: String
    public let executionTime: Double
}

/// The grades of a `tide grade` invocation.
public struct GradeReport: Codable, Sendable {
    public let exercise: String
    public let title: String
    public let maxScore: Double
    public let submissions: [SubmissionGrade]
}

extension SubmissionGrade {
    /// What a check needs to be listed in a grade it could not be run for.
    struct CheckOutline: Sendable {
        let name: String
        let number: String
        let points: Double
        let visibility: String
    }

    /// Zero on every check, each saying why: the submission could not be graded at all.
    static func ungraded(_ submission: String, checks: [CheckOutline], because reason: String,
                         executionTime: Double = 0) -> SubmissionGrade {
        let grades = checks.map {
            CheckGrade(name: $0.name, number: $0.number, score: 0, maxScore: $0.points,
                       output: "The submission could not be graded: \(reason).", visibility: $0.visibility)
        }
        return SubmissionGrade(submission: submission, score: 0, maxScore: checks.reduce(0) { $0 + $1.points },
                               checks: grades, verdict: reason, output: "", executionTime: executionTime)
    }
}
