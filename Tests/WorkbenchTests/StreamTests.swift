import Scheduler
import Testing

/// asyncio's streams on loopback: every script in Tests/Streams, on the real clock (sockets
/// are real; the scripts print nothing that depends on ports or timing).
@Suite struct StreamTests {
    @Test(arguments: GoldenFiles.scripts(in: "Tests/Streams"))
    func script(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script, clock: RealClock())
        #expect(actual == expected, "\(script) printed something else than its .expected file")
    }
}
