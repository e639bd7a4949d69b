/// Gradescope's `results.json` for one submission (its autograder specification): a test
/// per check with its score, status, feedback and visibility.
struct GradescopeResults: Encodable {
    struct Test: Encodable {
        let name: String
        let number: String
        let score: Double
        let maxScore: Double
        let status: String
        let output: String
        let visibility: String
    }

    let score: Double
    let executionTime: Double
    let output: String
    let stdoutVisibility = "hidden"
    let tests: [Test]

    init(_ grade: SubmissionGrade) {
        score = grade.score
        executionTime = (grade.executionTime * 1000).rounded() / 1000
        output = ([grade.verdictSentence, grade.output.isEmpty ? nil : "Your program printed:\n" + grade.output]
            .compactMap { $0 }).joined(separator: "\n\n")
        tests = grade.checks.map {
            Test(name: $0.name, number: $0.number, score: $0.score, maxScore: $0.maxScore,
                 status: $0.passed ? "passed" : "failed", output: $0.output, visibility: $0.visibility)
        }
    }
}
