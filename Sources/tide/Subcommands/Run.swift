import ArgumentParser
import Workbench

extension Tide {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a Lua scenario script as the main task.")

        @Option(help: "real: sleeps take real time; virtual: time jumps, runs are exact and instant.")
        var clock: ClockKind = .real

        @Option(help: "Seed for math.random, to repeat a run exactly.")
        var seed: Int64?

        @Option(name: .customLong("trace"), help: "Write a Chrome trace-event JSON file (opens in Perfetto).")
        var tracePath: String?

        @Option(name: .customLong("slow-task-ms"), help: "Report a task that runs this long without awaiting (0: off).")
        var slowTaskMilliseconds = 100

        @Flag(help: "Print a per-task timeline after the run.")
        var timeline = false

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
            options.timelineHTMLPath = timelineHTMLPath
            options.slowTaskMilliseconds = slowTaskMilliseconds
            let status = await ScriptRunner.run(path: file, arguments: arguments, options: options)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
