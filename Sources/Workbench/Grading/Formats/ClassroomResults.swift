/// What GitHub Classroom's grading reporter reads from a runner, for one submission (its
/// `autograding-grading-reporter`: a step output, base64 JSON). A test per check; the points
/// it sends to Classroom are the sum of the tests' `score`s out of `max_score`, so partial
/// credit counts. `status` is `pass` at full marks.
struct ClassroomResults: Encodable {
    struct Test: Encodable {
        let name: String
        let status: String
        let message: String
        let score: Double
        let maxScore: Double
        /// Milliseconds, as the reporter's runners give it.
        let duration: Int
    }

    let version = 1
    let status: String
    let maxScore: Double
    let tests: [Test]

    init(_ grade: SubmissionGrade) {
        maxScore = grade.maxScore
        status = grade.verdictKind == .error ? "error" : grade.score >= grade.maxScore ? "pass" : "fail"
        // The reporter has no place for the submission as a whole: the verdict goes once,
        // under the first check it cost points.
        let verdict = grade.verdictSentence
        let firstLost = grade.checks.firstIndex { !$0.passed }
        tests = grade.checks.enumerated().map { index, check in
            let message = [check.output.isEmpty ? nil : check.output, index == firstLost ? verdict : nil].compactMap { $0 }
            return Test(name: "\(check.number). \(check.name)", status: check.passed ? "pass" : "fail",
                        message: Self.inert(message.joined(separator: "\n")), score: check.score, maxScore: check.maxScore,
                        duration: Int((check.time * 1000).rounded()))
        }
    }

    /// The reporter prints each message to the workflow's log, where a line that starts
    /// with `::` is a workflow command: a message quoting a submission's output must not be one.
    private static func inert(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("::") ? " " + $0 : String($0) }.joined(separator: "\n")
    }
}
