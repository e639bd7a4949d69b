import ArgumentParser
import Workbench

#if canImport(Glibc)
import Glibc
#endif

extension Tide {
    struct Repl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Experiment at a prompt: every input runs as a task on a live loop.")

        @Option(help: "real: tasks keep running between inputs; virtual: time moves only while an input runs.")
        var clock: ClockKind = .real

        @Option(help: "Seed for math.random.")
        var seed: Int64?

        @Option(name: .customLong("slow-task-ms"), help: "Report a task that runs this long without awaiting (0: off).")
        var slowTaskMilliseconds = 100

        func run() async throws {
            let home = getenv("HOME").map { String(cString: $0) }
            let history = getenv("TIDE_HISTORY").map { String(cString: $0) } ?? home.map { $0 + "/.tide_history" }
            let options = REPLSession.Options(
                clock: clock, seed: seed, historyPath: history, slowTaskMilliseconds: slowTaskMilliseconds)
            let status = await REPLSession(options: options).run()
            if status != 0 { throw ExitCode(status) }
        }
    }
}
