import CLua
import Dispatch
import Synchronization
import FoundationEssentials
@preconcurrency import Glibc
import LuaAsync
import LuaKit

/// Grades one submission in this process: each seed's run in a fresh sandboxed runtime,
/// then every check over the runs. `tide grade` starts one worker process per submission,
/// so whatever a submission does to its process stays there.
public enum GradeWorker {
    /// `tide grade-worker`: limits this process, grades, prints the grade as JSON.
    public static func main(exercisePath: String, submission: String) async -> Int32 {
        let exercise: Exercise
        // The parent has looked at the reference, if it was asked to; a worker never runs it.
        do { exercise = try Exercise(folder: exercisePath, requireReference: false) } catch {
            Console.report("tide: \(error)")
            return 2
        }
        // The grade goes to the original stdout; anything else (a check's print) to stderr.
        gradeOutput.store(dup(STDOUT_FILENO), ordering: .sequentiallyConsistent)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        limitProcess(for: exercise)
        let grade = await grade(submission, against: exercise)
        guard let json = try? JSONEncoder().encode(grade) else { return 1 }
        guard claimTheGrade() else { while true { pause() } }  // the watchdog is writing, then exits
        write(all: Array(json), to: gradeOutput.load(ordering: .sequentiallyConsistent))
        return 0
    }

    /// Either the finished grade or the stuck-run watchdog writes the one grade, never both.
    private static let gradeClaimed = Atomic<Bool>(false)
    /// Where the grade goes: the worker's original stdout.
    private static let gradeOutput = Atomic<Int32>(STDOUT_FILENO)

    private static func claimTheGrade() -> Bool {
        gradeClaimed.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
    }

    private static func write(all bytes: [UInt8], to descriptor: Int32) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            written += count
        }
    }

    /// The OS's limits, a backstop behind the runtime's own: should the host itself run
    /// away, the kernel stops it and the grader reports how.
    private static func limitProcess(for exercise: Exercise) {
        /// The hard limit a little above the soft one: the soft one sends SIGXCPU (reported
        /// as the CPU limit), where a hard one would kill with a bare SIGKILL.
        func set(_ resource: Int32, _ value: Int, hard: Int? = nil) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(hard ?? value))
            setrlimit(__rlimit_resource_t(UInt32(resource)), &limit)
        }
        let seeds = Double(exercise.seeds.count)
        if let memory = exercise.limits.memory {
            // Each seed's runtime stays allocated (SeedRun): per seed, the address space its
            // allocator reserves (twice a full heap with its headroom: CLuaWatch/arena.h),
            // and the host's own gigabyte.
            let heaps = 2 * (min(memory, 1 << 40) + (64 << 20)) * (exercise.seeds.count + 1)
            set(Int32(RLIMIT_AS.rawValue), heaps + (1 << 30))
        }
        if let wall = exercise.limits.wallSeconds {
            let cpu = Int(min((wall * seeds).rounded(.up), 1e9)) + 5
            set(Int32(RLIMIT_CPU.rawValue), cpu, hard: cpu + 2)
        }
        set(Int32(RLIMIT_CORE.rawValue), 0)
    }

    static func grade(_ submission: String, against exercise: Exercise) async -> SubmissionGrade {
        // Looked at again here, just before the read: the file may have changed since.
        if let refusal = SubmissionFile.refusal(of: submission, inFolder: SubmissionFile.folder(of: submission)) {
            return .ungraded(submission, checks: exercise.outlines, because: refusal, kind: .error)
        }
        // The name the script's messages use; a student's file name may hold any byte.
        let name = oneLine(URL(fileURLWithPath: submission).lastPathComponent)
        var runs: [SeedRun] = []
        for seed in exercise.seeds {
            let stuck = watchForAStuckRun(of: submission, seed: seed, exercise: exercise)
            runs.append(await SeedRun.run(submission, displayName: name, seed: seed, exercise: exercise))
            stuck?.cancel()
        }
        let stopped = runs.first { $0.stoppedBecause != nil }
        let verdict = stopped.flatMap { run in run.stoppedBecause.map { "\($0) (seed \(run.seed))" } }
        let checks = exercise.checks.map { score($0, of: runs, in: exercise) }
        return SubmissionGrade(
            submission: submission, score: checks.reduce(0) { $0 + $1.score }, maxScore: exercise.maxScore,
            checks: checks, verdict: verdict, verdictKind: stopped?.stopKind, output: studentOutput(of: runs[0]),
            executionTime: 0)
    }

    /// The wall limit is looked at between Lua instructions; a script inside one long
    /// library call (a pattern that backtracks for minutes) never gets there. A second
    /// after the limit, this writes the grade that the limit earns and ends the worker.
    private static func watchForAStuckRun(of submission: String, seed: Int64, exercise: Exercise) -> DispatchWorkItem? {
        guard let seconds = exercise.limits.wallSeconds else { return nil }
        let reason = "wall time limit of \(formatFixed(seconds, digits: 2))s exceeded inside one library call (seed \(seed))"
        let grade = SubmissionGrade.ungraded(submission, checks: exercise.outlines, because: reason, kind: .limit)
        let stuck = DispatchWorkItem {
            guard claimTheGrade() else { return }
            if let json = try? JSONEncoder().encode(grade) { write(all: Array(json), to: gradeOutput.load(ordering: .sequentiallyConsistent)) }
            _exit(0)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds + 1, execute: stuck)
        return stuck
    }

    /// Calls the check with the first seed's run and all the runs; it returns true, false
    /// or a fraction of its points (scores keep two decimals), and optionally a message.
    private static func score(_ check: Exercise.Check, of runs: [SeedRun], in exercise: Exercise)
        -> SubmissionGrade.CheckGrade
    {
        let started = ContinuousClock.now
        let lua = exercise.vm.lua
        let base = lua.top
        defer { lua.setTop(base) }
        lua.pushRef(check.function)
        exercise.pushRun(runs[0].record)
        lua.newTable(arraySize: Int32(runs.count), hashSize: 0)
        for (position, run) in runs.enumerated() {
            exercise.pushRun(run.record)
            lua.rawSet(-2, index: position + 1)
        }
        var fraction = 0.0
        var notes: [String] = []
        if exercise.vm.protectedCall(arguments: 2, results: 2) {
            switch lua.type(at: -2) {
            case LUA_TBOOLEAN, LUA_TNIL: fraction = lua.toBoolean(-2) ? 1 : 0
            case LUA_TNUMBER:
                let number = lua.number(at: -2) ?? 0
                if number.isNaN {
                    notes.append("the check returned nan, not true, false or a fraction from 0 to 1")
                } else {
                    fraction = min(max(number, 0), 1)
                }
            default: notes.append("the check returned a \(lua.typeName(at: -2)), not true, false or a fraction")
            }
            if let message = lua.string(at: -1) { notes.append(message) }
        } else {
            notes.append("the check itself failed: \(lua.string(at: -1) ?? "?")")
        }
        if fraction < 1, let feedback = check.feedback { notes.insert(feedback, at: 0) }
        return SubmissionGrade.CheckGrade(
            name: check.name, number: check.number, score: (check.points * fraction * 100).rounded() / 100, maxScore: check.points,
            output: notes.joined(separator: "\n"), visibility: check.visibility, time: seconds(since: started))
    }

    /// The first seed's printed lines and diagnostics, shortened to what a student reads.
    private static func studentOutput(of run: SeedRun) -> String {
        guard case .table(let fields) = run.record else { return "" }
        var lines: [String] = []
        if case .list(let printed) = fields["lines"] {
            for case .string(let line) in printed.prefix(200) {
                lines.append(line.count <= 1000 ? line : line.prefix(1000) + "…")
            }
            if printed.count > 200 { lines.append("… \(printed.count - 200) more lines") }
        }
        if case .list(let diagnostics) = fields["diagnostics"], !diagnostics.isEmpty {
            lines.append("--- diagnostics")
            for case .table(let diagnostic) in diagnostics {
                if case .string(let message) = diagnostic["message"] { lines.append("tide: \(message)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
