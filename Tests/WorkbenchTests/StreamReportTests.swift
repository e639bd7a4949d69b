import Foundation
@testable import LuaAsync
import Scheduler
import Testing

/// Reports know the network's waits: a task left waiting on a socket is named by what it
/// waits for and its peer, and sockets left open at exit are reported like pending tasks.
@Suite(.timeLimit(.minutes(2))) struct StreamReportTests {
    @Test func waitsOnSocketsAndSocketsLeftOpenAreNamedAtExit() async throws {
        let runtime = Runtime(clock: RealClock())
        runtime.output = { _ in }
        _ = try await runtime.runScript(source: """
            local server = asyncio.start_server(function(reader, writer) reader:readline() end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            asyncio.create_task(reader.readexactly, reader, 10)
            asyncio.sleep(0.05)
            """, chunkName: "left.lua")
        let messages = runtime.diagnostics.map(\.message).joined(separator: "\n")
        let expected = [
            #"Server#1:accept was still waiting on Server#1:accept \(listening on 127\.0\.0\.1:\d+\)"#,
            #"Task-\d was still waiting on reader#2:readexactly \(peer 127\.0\.0\.1:\d+\)"#,
            #"Task-\d was still waiting on reader#\d:readline \(peer 127\.0\.0\.1:\d+\)"#,
            #"Server#1 \(listening on 127\.0\.0\.1:\d+\) was still open when the main task returned; closed it"#,
            #"connection#2 \(peer 127\.0\.0\.1:\d+\) was still open when the main task returned; closed it"#,
        ]
        for pattern in expected {
            #expect(messages.contains(try Regex(pattern)), "\(pattern) not in:\n\(messages)")
        }
    }

    @Test func aRunWithSocketsOnTheVirtualClockSaysItMayDifferFromTheNext() async throws {
        let runtime = Runtime(clock: VirtualClock())
        var lines: [String] = []
        runtime.output = { lines.append($0) }
        _ = try await runtime.runScript(source: """
            local server = asyncio.start_server(function(_, w) w:write("hi\\n") w:close() end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            print(reader:readline())
            writer:close()
            server:close()
            server:wait_closed()
            """, chunkName: "virtual.lua")
        #expect(lines == ["hi\n"])
        #expect(runtime.diagnostics.map(\.message) == [NetworkHost.virtualClockNote])
    }
}
