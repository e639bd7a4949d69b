import ArgumentParser
import Workbench

@main
struct Tide: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tide",
        abstract: "A workbench for asyncio-style concurrency in Lua.",
        version: TideVersion.description,
        subcommands: [Run.self, Repl.self, Grade.self, Export.self, GradeWorkerCommand.self],
        defaultSubcommand: Repl.self)

    /// Parses and runs; usage errors exit with status 2, as SPEC §3 asks.
    static func main() async {
        Console.useOneMallocArena()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.report(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

extension ClockKind: ExpressibleByArgument {}
