/// The grade of one submission: what every output format is written from.
public struct SubmissionGrade: Codable, Sendable {
    public struct CheckGrade: Codable, Sendable {
        public let name: String
        public let number: String
        public let score: Double
        public let maxScore: Double
        /// Feedback for the student: the check's own and its message. Why the run ended is
        /// the submission's verdict, said once, not under every check.
        public let output: String
        public let visibility: String
        /// Real seconds the check itself took to run.
        public let time: Double

        public var passed: Bool { score >= maxScore }
    }

    public let submission: String
    public let score: Double
    public let maxScore: Double
    public let checks: [CheckGrade]
    /// Why the submission lost what it lost wholesale: a limit, a crash, a timeout.
    public let verdict: String?
    /// The kind of ending the verdict names, for JUnit and TAP.
    public let verdictKind: VerdictKind?
    /// What the first seed's run printed, and its diagnostics, for the student to read.
    public let output: String
    public let executionTime: Double
}

/// How a run that earned a verdict ended: JUnit's error type and TAP's severity.
public enum VerdictKind: String, Codable, Sendable {
    case deadlock
    case limit
    case syntaxError = "syntax-error"
    /// The worker crashed, failed or could not be read: the submission was not graded.
    case error
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

    /// Zero on every check: the submission could not be graded at all, and its verdict says why.
    static func ungraded(_ submission: String, checks: [CheckOutline], because reason: String, kind: VerdictKind,
                         executionTime: Double = 0) -> SubmissionGrade {
        let grades = checks.map {
            CheckGrade(name: $0.name, number: $0.number, score: 0, maxScore: $0.points, output: "",
                       visibility: $0.visibility, time: 0)
        }
        return SubmissionGrade(submission: submission, score: 0, maxScore: checks.reduce(0) { $0 + $1.points },
                               checks: grades, verdict: reason,
                               verdictKind: kind, output: "", executionTime: executionTime)
    }
}

/// Real seconds since `start`, as reports give times.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
