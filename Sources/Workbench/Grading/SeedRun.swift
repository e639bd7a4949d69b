import LuaAsync
import LuaKit
import Scheduler

/// One run of a submission on one seed, in a fresh sandboxed runtime on the virtual clock,
/// recorded as the table an exercise's checks read (docs/grading.md, "The run").
struct SeedRun {
    let seed: Int64
    private(set) var record: PlainValue = .none
    /// Why the run stopped short: the limit it hit, the deadlock, or why the script did not load.
    private(set) var stoppedBecause: String?
    private(set) var stopKind: VerdictKind?

    static func run(_ path: String, displayName: String, seed: Int64, exercise: Exercise) async -> SeedRun {
        var run = SeedRun(seed: seed)
        let runtime = Runtime(clock: VirtualClock(), limits: exercise.limits)
        let observer = RunObserver()
        runtime.loop.tracer = observer
        var services: PlainValue?
        runtime.mainEnded = { [unowned runtime] in
            observer.runEnded()
            services = runtime.serviceStatistics()  // as they were when the main task ended
        }
        runtime.copiesResults = true
        var printed: [PlainValue] = []
        runtime.output = { [unowned runtime] line in
            var entry: [String: PlainValue] = ["time": .number(runtime.seconds), "text": .string(line)]
            // Which task printed it: a fact the script cannot forge by printing.
            if let task = runtime.loop.current, let position = observer.position(of: task) {
                entry["task"] = .integer(position)
            }
            printed.append(.table(entry))
        }
        runtime.seedRandom(seed)
        // Never freed: closing a Lua state runs the script's pending finalizers, which a
        // hostile script can make endless. The worker's address-space limit allows for one
        // full heap per seed.
        _ = Unmanaged.passRetained(runtime)
        let result = try? await runtime.runScript(at: path, arguments: exercise.arguments, displayName: displayName)
        if let limit = runtime.limitHit { (run.stoppedBecause, run.stopKind) = (limit, .limit) }
        if result?.ending == .deadlocked, let deadlock = runtime.diagnostics.first(where: { $0.kind == .deadlock }) {
            let headline = deadlock.message.prefix { $0 != "\n" }
            run.stoppedBecause = String(headline.hasSuffix(":") ? headline.dropLast() : headline)
            run.stopKind = .deadlock
        }
        if result?.ending == .loadFailed {
            run.stoppedBecause = "the script did not load: " + (runtime.diagnostics.first?.message ?? path)
            run.stopKind = .syntaxError
        }
        run.record = record(of: result, printed: printed, observer: observer, runtime: runtime, seed: seed)
        if case .table(var fields) = run.record {
            fields["services"] = services ?? .table([:])
            run.record = .table(fields)
        }
        return run
    }

    private static func record(
        of result: RunResult?, printed: [PlainValue], observer: RunObserver, runtime: Runtime, seed: Int64
    ) -> PlainValue {
        let lines = printed.map { line -> PlainValue in
            if case .table(let fields) = line { fields["text"] ?? .none } else { .none }
        }
        var fields: [String: PlainValue] = [
            "seed": .integer(Int(seed)),
            "ending": .string(ending(of: result, limit: runtime.limitHit)),
            "elapsed": .number(result?.elapsed ?? runtime.seconds),
            "output": .list(printed),
            "lines": .list(lines),
            "returned": .list(result?.returned ?? []),
            "tasks": .list(observer.tasks.map(taskRecord)),
            "primitives": .table(observer.primitives.mapValues(primitiveRecord)),
            "timeouts": .list(observer.timeouts.map { .table(["time": .number(seconds($0.time)), "task": .integer($0.task)]) }),
            "diagnostics": .list(runtime.diagnostics.map {
                .table(["kind": .string($0.kind.rawValue), "message": .string(shortened($0.message))])
            }),
        ]
        if let error = result?.error {
            fields["error"] = .table([
                "type": .string(error.type), "message": .string(shortened(error.message)), "task": .string(error.task),
            ])
        }
        if let limit = runtime.limitHit { fields["limit"] = .string(limit) }
        return .table(fields)
    }

    private static func ending(of result: RunResult?, limit: String?) -> String {
        if limit != nil { return "limit" }
        switch result?.ending {
        case .completed: return "completed"
        case .failed: return "failed"
        case .deadlocked: return "deadlock"
        case .loadFailed: return "load_failed"
        case .limitExceeded: return "limit"
        case nil: return "interrupted"
        }
    }

    private static func taskRecord(_ task: RunObserver.TaskRecord) -> PlainValue {
        let state = switch task.outcome {
        case .returned: "done"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case nil: "pending"
        }
        var fields: [String: PlainValue] = [
            "name": .string(task.name),
            "created": .number(seconds(task.created)),
            "state": .string(state),
            "cancelled": .boolean(task.outcome == .cancelled),
            "left_pending": .boolean(task.leftPending),
        ]
        if let finished = task.finished { fields["finished"] = .number(seconds(finished)) }
        return .table(fields)
    }

    private static func primitiveRecord(_ primitive: RunObserver.PrimitiveRecord) -> PlainValue {
        .table([
            "peak": .integer(primitive.peak),
            "waits": .integer(primitive.waits),
            "operations": .table(primitive.operations.mapValues { .integer($0) }),
        ])
    }

    private static func seconds(_ ticks: Int64) -> Double { Double(ticks) / 1e9 }

    /// A message cut to `limit` characters: a script's error text is its own to make huge,
    /// and it would be copied into every report.
    private static func shortened(_ text: some StringProtocol, to limit: Int = 4000) -> String {
        text.count <= limit ? String(text) : text.prefix(limit) + "… (\(text.count - limit) more characters)"
    }
}
