import LuaAsync
import LuaKit
import Synchronization
import Testing

/// The host-function suite: every script in Tests/HostBehaviour, on the virtual clock, with
/// the `test.*` host functions below registered.
@Suite struct HostFunctionTests {
    @Test(arguments: GoldenFiles.scripts(in: "Tests/HostBehaviour"))
    func script(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script, prepare: TestHost.register)
        #expect(actual == expected, "\(script) printed something else than its .expected file")
    }
}

/// Host functions for the scripts: each does real Swift concurrency work.
enum TestHost {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "refused by the host" }
    }

    static func register(on runtime: Runtime) {
        let cancellations = Atomic<Int>(0)
        // echo(...): its arguments back, after a hop through Swift concurrency.
        runtime.register("test.echo") { arguments in
            await Task.yield()
            return arguments
        }
        // sleep(ms): sleeps for real on Swift concurrency, then returns "slept <ms>".
        runtime.register("test.sleep") { arguments in
            guard case .integer(let milliseconds) = arguments.first ?? .none else {
                throw HostError(type: "ValueError", message: "sleep wants whole milliseconds")
            }
            try await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
            return [.string("slept \(milliseconds)")]
        }
        // fail(type, message): throws a HostError of that type.
        runtime.register("test.fail") { arguments in
            guard case .string(let type) = arguments.first ?? .none, case .string(let message) = arguments.last ?? .none
            else { return [] }
            throw HostError(type: type, message: message)
        }
        // refuse(): throws a Swift error of its own type.
        runtime.register("test.refuse") { _ in throw Refused() }
        // hang(): never returns until its Swift task is cancelled, and counts that.
        runtime.register("test.hang") { _ in
            while !Task.isCancelled { try? await Task.sleep(nanoseconds: 1_000_000_000_000) }
            cancellations.add(1, ordering: .relaxed)
            throw CancellationError()
        }
        // cancellations(): how many hang() calls saw their Swift task cancelled.
        runtime.register("test.cancellations") { _ in [.integer(cancellations.load(ordering: .relaxed))] }
    }
}
