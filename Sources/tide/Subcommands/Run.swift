import ArgumentParser
import Workbench

extension Tide {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a Lua scenario script as the main task.")

        @Option(help: "real: sleeps take real time; virtual: time jumps, runs are exact and instant.")
        var clock: ClockKind = .real

        @Option(help: "Seed for math.random, to repeat a run exactly.")
        var seed: Int64?

        @Argument(help: "The Lua script to run.")
        var file: String

        @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (in its global `arg`).")
        var arguments: [String] = []

        func run() async throws {
            let options = RunOptions(clock: clock, seed: seed)
            let status = await ScriptRunner.run(path: file, arguments: arguments, options: options)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
