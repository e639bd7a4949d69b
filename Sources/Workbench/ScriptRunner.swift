import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import LuaAsync
import LuaKit
import Scheduler

/// `tide run`: one script, one runtime, its diagnostics on stderr.
public enum ScriptRunner {
    /// Runs the script and returns the process exit status (0 success, 1 failure, 2 usage).
    public static func run(path: String, arguments: [String], options: RunOptions) async -> Int32 {
        guard Console.isReadableFile(path) else {
            Console.report("tide: cannot open \(path)")
            return 2
        }
        let runtime = Runtime(clock: options.clock == .virtual ? VirtualClock() : RealClock(), limits: options.limits)
        let seed = options.seed ?? Console.freshSeed()
        runtime.seedRandom(seed)
        let recorder = options.records ? TraceRecorder() : nil
        runtime.loop.tracer = recorder
        runtime.liveWarnings = LiveWarnings { Console.report($0) }
        runtime.watchSlowTasks(threshold: options.slowTaskMilliseconds)
        runtime.stopOnInterrupt()
        // The process ends with this run: tearing down every Lua object one by one took a
        // fifth of a run with 100,000 tasks, so the runtime is left for the OS to reclaim.
        _ = Unmanaged.passRetained(runtime)
        var services: PlainValue?
        if options.stats { runtime.mainEnded = { [unowned runtime] in services = runtime.serviceStatistics() } }
        let stuck = options.limits?.wallSeconds.map(stopWhenStuck(pastSeconds:))
        defer { stuck?.cancel() }
        do {
            let result = try await runtime.runScript(at: path, arguments: arguments)
            for diagnostic in runtime.diagnostics { Console.report("tide: \(diagnostic)") }
            if options.stats { for line in ServiceSummary.lines(services) { Console.report("tide: \(line)") } }
            if let recorder {
                recorder.close(at: runtime.loop.now)
                let written = writeRecordings(recorder, of: path, options: options, seed: seed)
                if !written && result.exitStatus == 0 { return 1 }
            }
            return result.exitStatus
        } catch {
            for diagnostic in runtime.diagnostics { Console.report("tide: \(diagnostic)") }
            Console.report("tide: run interrupted")
            return 1
        }
    }

    /// The wall limit is looked at between Lua instructions; a script inside one long library
    /// call (a pattern that backtracks for minutes) never gets there. A second past the
    /// limit, the process says so and ends.
    private static func stopWhenStuck(pastSeconds seconds: Double) -> DispatchWorkItem {
        let stuck = DispatchWorkItem {
            Console.report("tide: wall time limit of \(formatFixed(seconds, digits: 2))s exceeded inside one library call: "
                + "the run was stopped")
            _exit(1)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + min(seconds, 1e9) + 1, execute: stuck)
        return stuck
    }

    /// Writes the trace and timelines the options ask for; false if a file could not be written.
    private static func writeRecordings(_ recorder: TraceRecorder, of path: String, options: RunOptions, seed: Int64) -> Bool {
        var written = true
        if let tracePath = options.tracePath {
            let metadata = [("script", path), ("clock", options.clock.rawValue), ("seed", String(seed))]
            let title = "tide run \(path)"
            // `.json` for chrome://tracing; any other name gets Perfetto's compact protobuf.
            let wrote = tracePath.hasSuffix(".json")
                ? Console.write(toFile: tracePath) { ChromeTrace.write(recorder, title: title, metadata: metadata, to: $0) }
                : Console.write(toFile: tracePath, bytes: { PerfettoTrace.write(recorder, title: title, metadata: metadata, to: $0) })
            if !wrote {
                Console.report("tide: cannot write the trace to \(tracePath)")
                written = false
            }
        }
        if let htmlPath = options.timelineHTMLPath {
            if !Console.write(toFile: htmlPath, { $0(HTMLTimeline.page(recorder, title: "tide run \(path)")) }) {
                Console.report("tide: cannot write the timeline to \(htmlPath)")
                written = false
            }
        }
        // On stderr, so that the timeline never mixes into what the script printed.
        if options.timeline {
            let colour = Console.stderrIsTerminal
            Console.report(TerminalTimeline.render(recorder, width: colour ? Console.terminalWidth(of: STDERR_FILENO) : 100, colour: colour))
        }
        if let textPath = options.timelineFilePath {
            if !Console.write(toFile: textPath, { $0(TerminalTimeline.render(recorder, width: 100, colour: false) + "\n") }) {
                Console.report("tide: cannot write the timeline to \(textPath)")
                written = false
            }
        }
        return written
    }
}
