// The host-function benchmark's host: a Swift application embedding Tide, as
// examples/embedding does, with `host.echo` (its arguments back, from Swift concurrency).
//   HostBench SCRIPT [ARGS...]
import Foundation
import Tide

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write("usage: HostBench SCRIPT [ARGS...]\n".data(using: .utf8)!)
    exit(2)
}
let runtime = Runtime(clock: .real)
runtime.register("host.echo") { arguments in arguments }
let result = try await runtime.run(fileAt: arguments[1], arguments: Array(arguments.dropFirst(2)))
for diagnostic in result.diagnostics {
    FileHandle.standardError.write("tide: \(diagnostic)\n".data(using: .utf8)!)
}
exit(result.exitStatus)
