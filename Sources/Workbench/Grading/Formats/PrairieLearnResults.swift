/// PrairieLearn's external grader `results.json`, for one submission: `score` is a fraction
/// from 0 to 1, and a test per check carries its points.
struct PrairieLearnResults: Encodable {
    struct Test: Encodable {
        let name: String
        let points: Double
        let maxPoints: Double
        let message: String
    }

    let gradable = true
    let score: Double
    let message: String
    let output: String
    let tests: [Test]

    init(_ grade: SubmissionGrade) {
        score = grade.maxScore > 0 ? grade.score / grade.maxScore : 1
        message = grade.verdictSentence ?? ""
        output = grade.output
        tests = grade.checks.map {
            Test(name: "\($0.number). \($0.name)", points: $0.score, maxPoints: $0.maxScore, message: $0.output)
        }
    }
}
