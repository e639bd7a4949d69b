import Foundation
import Testing
import Workbench

/// What traces and timelines show of sockets: each connection's lifetime as a counter of its
/// own, the connections open at once on each side, waits on sockets as a state of their own,
/// and a mark where a socket ended with an error.
@Suite struct NetworkTraceTests {
    static let againstAServer = "examples/network/24.1-against-a-server.lua"

    static func record(source: String) async throws -> TraceRecorder {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("network-trace-\(UUID()).lua")
        try source.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await TimelineTests.record(file.path)
    }

    @Test func eachConnectionsLifetimeIsACounterFromOpenToEnd() async throws {
        let trace = try await TimelineTests.record(Self.againstAServer, arguments: ["nolimit"])
        let lifetimes = Dictionary(grouping: trace.samples.filter { $0.name.hasPrefix("connection#") }, by: \.name)
        #expect(lifetimes.count == 18, "nine connections, both ends in the run: \(lifetimes.keys.sorted())")
        for (name, samples) in lifetimes {
            #expect(samples.map(\.value) == [1, 0], "\(name)")
            #expect(name.contains("(peer 127.0.0.1:"), "\(name)")
        }
        #expect(trace.limits[lifetimes.keys.first ?? ""] == 1)
        let server = trace.samples.filter { $0.name.hasPrefix("Server#1 (listening on 127.0.0.1:") }
        #expect(server.map(\.value) == [1, 0])
    }

    @Test func theTimelineShowsTheConnectionsOpenAtOnceOnEachSide() async throws {
        let trace = try await TimelineTests.record(Self.againstAServer, arguments: ["nolimit"])
        let tracks = PrimitiveTracks.tracks(trace)
        #expect(tracks.map(\.name) == ["client connections", "server connections"], "sockets' own Events are not tracks")
        let client = try #require(tracks.first)
        #expect(client.kind == .connections && client.measure == "connections open")
        #expect(client.peak >= 4, "without the Semaphore, more than three at once: \(client.samples)")
        #expect(client.samples.last?.value == 0)
        let rows = TimelineRows(trace).rows.map(\.name)
        #expect(rows.contains("serve (1)") && rows.contains("session (1)"), "a handler's row is named after it: \(rows)")
        let terminal = TerminalTimeline.render(trace, width: 100, colour: false)
        #expect(terminal.contains("client connections ┊"), "\(terminal)")
        #expect(terminal.contains("n a socket"), "\(terminal)")
    }

    @Test func aSocketThatFailedIsMarked() async throws {
        let trace = try await Self.record(source: """
            local server = asyncio.start_server(function() end, "127.0.0.1", 0)
            local port = server.port
            server:close()
            server:wait_closed()
            print(pcall(asyncio.open_connection, "127.0.0.1", port))
            """)
        let marks = trace.marks.map { trace.labels[$0.name] }
        #expect(marks.contains { $0.hasPrefix("connection#2 (peer 127.0.0.1:") && $0.hasSuffix("): ConnectionRefusedError") },
                "\(marks)")
    }
}
