import FoundationEssentials
import Glibc
import ArgumentParser
import Workbench

extension Tide {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a Lua scenario script as the main task.")

        @Option(help: "real: sleeps take real time; virtual: time jumps, runs are exact and instant.")
        var clock: ClockKind = .real

        @Option(help: "Seed for math.random, to repeat a run exactly.")
        var seed: Int64?

        @Option(name: .customLong("trace"), help: "Write a trace for Perfetto: its protobuf format, or Chrome JSON if FILE ends in .json.")
        var tracePath: String?

        @Option(name: .customLong("slow-task-ms"), help: "Report a task that runs this long without awaiting (0: off).")
        var slowTaskMilliseconds = 100

        @Flag(help: "Run in the sandbox: no processes, files or native code; default limits apply.")
        var sandbox = false

        @Flag(name: .customLong("allow-loopback"), help: "With --sandbox: allow sockets on this machine (127.0.0.1, ::1).")
        var allowLoopback = false

        @Option(name: .customLong("max-memory"), help: "Memory limit (bytes, or with K, M, G).")
        var maxMemory: ByteCount?

        @Option(name: .customLong("max-instructions"), help: "Limit on Lua instructions.")
        var maxInstructions: Int?

        @Option(name: .customLong("max-wall-time"), help: "Limit on real seconds.")
        var maxWallTime: Double?

        @Option(name: .customLong("max-tasks"), help: "Limit on tasks created.")
        var maxTasks: Int?

        @Option(name: .customLong("max-output"), help: "Limit on output (bytes, or with K, M, G).")
        var maxOutput: ByteCount?

        @Flag(help: "Print a per-task timeline on stderr after the run (apart from the script's output).")
        var timeline = false

        @Option(name: .customLong("timeline-file"), help: "Write the per-task timeline to a file (plain text).")
        var timelineFilePath: String?

        @Flag(help: "Print a one-line summary per simulated service (sim) at the end of the run.")
        var stats = false

        @Option(name: .customLong("timeline-html"), help: "Write the timeline as one self-contained HTML page.")
        var timelineHTMLPath: String?

        @Argument(help: "The Lua script to run.")
        var file: String

        @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (in its global `arg`).")
        var arguments: [String] = []

        func run() async throws {
            var options = RunOptions(clock: clock, seed: seed)
            options.tracePath = tracePath
            options.timeline = timeline
            options.timelineFilePath = timelineFilePath
            options.timelineHTMLPath = timelineHTMLPath
            options.stats = stats
            options.slowTaskMilliseconds = slowTaskMilliseconds
            options.limits = limits
            let status = await ScriptRunner.run(path: file, arguments: arguments, options: options)
            if status != 0 { throw ExitCode(status) }
        }
    
        /// `--sandbox` starts from the sandbox's defaults; each `--max-*` sets one limit.
        private var limits: Limits? {
            let any = maxMemory != nil || maxInstructions != nil || maxWallTime != nil || maxTasks != nil
                || maxOutput != nil
            guard sandbox || any else { return nil }
            var limits = sandbox ? Limits.sandboxDefaults : Limits()
            if let maxMemory { limits.memory = maxMemory.bytes }
            if let maxInstructions { limits.instructions = maxInstructions }
            if let maxWallTime { limits.wallSeconds = maxWallTime }
            if let maxTasks { limits.tasks = maxTasks }
            if let maxOutput { limits.output = maxOutput.bytes }
            // A sandboxed script may read the files beside it, and nothing else.
            if sandbox { limits.readableFolder = URL(fileURLWithPath: file).deletingLastPathComponent().path }
            limits.loopback = allowLoopback
            return limits
        }
    }
}

/// A size on the command line: `65536`, `64K`, `64M`, `1G`.
struct ByteCount: ExpressibleByArgument {
    let bytes: Int

    init?(argument: String) {
        guard let bytes = ByteSize.parse(argument) else { return nil }
        self.bytes = bytes
    }
}
