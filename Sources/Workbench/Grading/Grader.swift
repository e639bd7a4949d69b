import FoundationEssentials
import Dispatch
import Glibc
import Scheduler

/// `tide grade`: checks the exercise, then grades each submission in a worker process of its
/// own, `jobs` at a time, and writes the report in the format asked for.
public enum Grader {
    public enum Format: String, CaseIterable, Sendable {
        case text, json, junit, tap, gradescope
        case githubClassroom = "github-classroom"
        case prairielearn

        /// A platform's format describes one submission's grade.
        var gradesOneSubmission: Bool { self == .gradescope || self == .githubClassroom || self == .prairielearn }
    }

    public struct Options: Sendable {
        public var format: Format = .text
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        public var outputPath: String?
        /// The `tide` that workers run as (this executable by default).
        public var executable = Grader.currentExecutable
        /// Whether the reference is graded first (and must be there). A platform's grader
        /// skips it: the export graded it once, and a template repository leaves it out.
        public var gradesReference = true

        public init() {}
    }

    /// Grades and reports; returns the exit status (0 graded, 2 the exercise or a usage is wrong).
    public static func run(exercisePath: String, submissions arguments: [String], options: Options) async -> Int32 {
        let exercise: Exercise
        do { exercise = try Exercise(folder: exercisePath, requireReference: options.gradesReference) } catch {
            Console.report("tide: the exercise is broken: \(error)")
            return 2
        }
        let found = expand(arguments)
        let submissions = found.map(\.path)
        if submissions.isEmpty {
            Console.report("tide: no submissions: the folders given hold no .lua files")
            return 2
        }
        let refusals = found.map { SubmissionFile.refusal(of: $0.path, inFolder: $0.folder) }
        if let missing = zip(submissions, refusals).first(where: { $1 == nil && !Console.isReadableFile($0) }) {
            Console.report("tide: cannot open \(oneLine(missing.0))")
            return 2
        }
        if options.format.gradesOneSubmission && submissions.count != 1 {
            Console.report("tide: --format \(options.format.rawValue) grades one submission (got \(submissions.count))")
            return 2
        }
        let plan = WorkerPlan(exercise, path: exercisePath, options: options)
        if options.gradesReference, let reference = exercise.reference {
            let grade = plan.grade(reference)
            if grade.score < grade.maxScore {
                Console.report("tide: the exercise is broken: its reference solution scores "
                    + "\(formatPoints(grade.score))/\(formatPoints(grade.maxScore))\n" + Self.losses(of: grade))
                return 2
            }
        }
        let grades = await gradeAll(submissions, refusals: refusals, plan: plan, jobs: options.jobs)
        let report = GradeReport(exercise: exercisePath, title: exercise.title, maxScore: exercise.maxScore, submissions: grades)
        let colour = options.outputPath == nil && options.format == .text && Console.stdoutIsTerminal
        let text = ReportFormats.render(report, as: options.format, colour: colour)
        if let path = options.outputPath {
            guard Console.write(toFile: path, { $0(text) }) else {
                Console.report("tide: cannot write \(path)")
                return 2
            }
        } else {
            print(text, terminator: "")
        }
        return 0
    }

    /// Files as given, each with the folder it must stay inside; a folder stands for the
    /// `.lua` files in it.
    static func expand(_ arguments: [String]) -> [(path: String, folder: String)] {
        arguments.flatMap { argument -> [(path: String, folder: String)] in
            var info = stat()
            guard stat(argument, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: argument)
            else { return [(argument, SubmissionFile.folder(of: argument))] }
            let folder = argument.hasSuffix("/") ? argument : argument + "/"
            return names.filter { $0.hasSuffix(".lua") }.sorted().map { (folder + $0, argument) }
        }
    }

    /// Each check the grade lost points on, with its feedback.
    static func losses(of grade: SubmissionGrade) -> String {
        var lines = grade.verdict.map { ["  \($0)"] } ?? []
        for check in grade.checks where !check.passed {
            lines.append("  ✗ \(check.name) (\(formatPoints(check.score))/\(formatPoints(check.maxScore)))"
                + (check.output.isEmpty ? "" : "\n      " + check.output.replacing("\n", with: "\n      ")))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Workers

    /// Grades every submission, `jobs` worker processes at a time. Each worker is waited
    /// for on a thread of its own; its grade comes back through an event loop's door, and the
    /// loop (the parent, otherwise asleep) records it and starts the next.
    private static func gradeAll(_ submissions: [String], refusals: [String?], plan: WorkerPlan, jobs: Int) async
        -> [SubmissionGrade]
    {
        let round = GradingRound(submissions, refusals: refusals, plan: plan)
        for _ in 0..<max(1, min(jobs, submissions.count)) { round.startNext() }
        _ = try? await round.loop.run(until: { round.isFinished })
        round.progress.finish()
        return round.grades.compactMap { $0 }
    }

    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// The submissions of one `tide grade`, their grades as they come in, and the loop they come in on.
private final class GradingRound {
    let loop = EventLoop(clock: RealClock())
    let submissions: [String]
    let refusals: [String?]
    let plan: WorkerPlan
    let progress: ProgressBar
    private(set) var grades: [SubmissionGrade?]
    private var started = 0
    private var finished = 0

    init(_ submissions: [String], refusals: [String?], plan: WorkerPlan) {
        self.submissions = submissions
        self.refusals = refusals
        self.plan = plan
        grades = Array(repeating: nil, count: submissions.count)
        progress = ProgressBar(total: submissions.count)
    }

    var isFinished: Bool { finished == submissions.count }

    /// Starts a worker on the next submission, if one is left.
    func startNext() {
        guard started < submissions.count else { return }
        let index = started
        started += 1
        let work = loop.door.beginWork()
        let (plan, submission, refusal, round) = (plan, submissions[index], refusals[index], LoopBound(self))
        DispatchQueue.global().async {
            let grade = plan.grade(submission, refused: refusal)  // blocks this thread until the worker ends
            work.complete { round.value.record(grade, at: index) }
        }
    }

    private func record(_ grade: SubmissionGrade, at index: Int) {
        grades[index] = grade
        finished += 1
        progress.advance()
        startNext()
    }
}

/// What a worker needs to know, and what stands in for its grade when it fails.
private struct WorkerPlan: Sendable {
    let exercisePath: String
    let executable: String
    let checks: [SubmissionGrade.CheckOutline]
    let maxScore: Double
    /// The worker's whole budget: every seed's wall limit, and time to start and check.
    let wallSeconds: Int64

    init(_ exercise: Exercise, path: String, options: Grader.Options) {
        exercisePath = path
        executable = options.executable
        checks = exercise.outlines
        maxScore = exercise.maxScore
        let perSeed = exercise.limits.wallSeconds ?? 10
        wallSeconds = Int64(min(perSeed * Double(exercise.seeds.count), 1e9).rounded(.up)) + 10
    }

    /// Runs `tide grade-worker` on one submission and reads its grade; a worker that dies,
    /// hangs or prints nonsense scores zero, with the reason.
    func grade(_ submission: String, refused refusal: String? = nil) -> SubmissionGrade {
        if let refusal { return failed(submission, because: refusal, started: .now) }
        var worker = ChildProcess(executable, ["grade-worker", exercisePath, submission])
        worker.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        worker.wallTimeLimit = .seconds(wallSeconds)
        let started = ContinuousClock.now
        let outcome: ChildProcess.Outcome
        do { outcome = try worker.run() } catch {
            return failed(submission, because: "\(error)", started: started)
        }
        if case .exited(0) = outcome.ending,
           let grade = try? JSONDecoder().decode(SubmissionGrade.self, from: Data(outcome.stdout.utf8)) {
            return grade.timed(seconds(since: started))
        }
        let (reason, kind): (String, VerdictKind) = switch outcome.ending {
        case .timedOut: ("wall time limit of \(wallSeconds) s exceeded: the worker was stopped", .limit)
        case .signalled(SIGXCPU): ("CPU time limit exceeded", .limit)
        case .signalled(let signal): ("crashed: signal \(signal)", .error)
        case .exited(0): ("the worker's report could not be read", .error)
        case .exited(let status): ("the worker failed (exit \(status)): "
            + outcome.stderr.split(separator: "\n").prefix(3).joined(separator: " "), .error)
        }
        return failed(submission, because: reason, kind: kind, started: started)
    }

    private func failed(_ submission: String, because reason: String, kind: VerdictKind = .error,
                        started: ContinuousClock.Instant) -> SubmissionGrade {
        .ungraded(submission, checks: checks, because: reason, kind: kind, executionTime: seconds(since: started))
    }
}

extension SubmissionGrade {
    func timed(_ seconds: Double) -> SubmissionGrade {
        SubmissionGrade(submission: submission, score: score, maxScore: maxScore, checks: checks, verdict: verdict,
                        verdictKind: verdictKind, output: output, executionTime: seconds)
    }
}
