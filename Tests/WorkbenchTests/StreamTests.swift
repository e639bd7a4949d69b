import Foundation
import LuaAsync
import Scheduler
import Testing
import Workbench

/// asyncio's streams on loopback: every script in Tests/Streams, on the real clock (sockets
/// are real; the scripts print nothing that depends on ports or timing).
@Suite struct StreamTests {
    /// `peer.run(command)`: runs a peer no one here wrote (python3, curl) with /bin/sh and
    /// gives its stdout and stderr, while the script's loop goes on serving it.
    static func registerPeer(_ runtime: Runtime) {
        runtime.register("peer.run") { arguments in
            guard case .string(let command) = arguments.first else { throw HostError(type: "ValueError", message: "command expected") }
            var peer = ChildProcess("/bin/sh", ["-c", command + " 2>&1"])
            peer.wallTimeLimit = .seconds(60)
            let child = peer
            // On a thread of its own: blocking one of Swift's few pool threads can starve the loop.
            let output = await withCheckedContinuation { (done: CheckedContinuation<String, Never>) in
                Thread { done.resume(returning: (try? child.run().stdout) ?? "(the peer could not be started)") }.start()
            }
            return [.string(output)]
        }
    }

    @Test(arguments: GoldenFiles.scripts(in: "Tests/Streams"))
    func script(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script, clock: RealClock(), prepare: Self.registerPeer)
        #expect(actual == expected, "\(script) printed something else than its .expected file")
    }
}

/// Tests/Streams/Virtual: loopback on the virtual clock, where a wait between the run's own
/// sockets holds the clock only while bytes or an end are in flight.
@Suite struct VirtualClockStreamTests {
    @Test(arguments: GoldenFiles.scripts(in: "Tests/Streams/Virtual"))
    func script(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script, clock: VirtualClock())
        #expect(actual == expected, "\(script) printed something else than its .expected file")
    }
}

/// Tests/Streams/IPv6, where the machine has IPv6's loopback (a container may not).
@Suite(.enabled(if: VirtualClockStreamTests.hasIPv6Loopback)) struct IPv6StreamTests {
    @Test(arguments: GoldenFiles.scripts(in: "Tests/Streams/IPv6"))
    func script(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script, clock: VirtualClock())
        #expect(actual == expected, "\(script) printed something else than its .expected file")
    }
}

extension VirtualClockStreamTests {
    /// Whether a socket can be bound to ::1 here.
    static let hasIPv6Loopback: Bool = {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
            }
        }
    }()
}

/// examples/network print what their headers promise (on the real clock: the lines that do
/// not depend on ports or timing).
@Suite struct NetworkExampleTests {
    static func run(_ script: String, _ arguments: [String] = []) async throws -> String {
        let path = GoldenFiles.repositoryRoot.appendingPathComponent(script).path
        return try await Transcript.record(scriptAt: path, displayName: script, arguments: arguments, clock: RealClock())
            .description
    }

    @Test func theEchoClientGetsEveryLineBack() async throws {
        let output = try await Self.run("examples/network/echo.lua")
        #expect(output.contains("client: sent hello, got back hello\nclient: sent echo, got back echo\n"), "\(output)")
        #expect(output.contains(try Regex(#"server: 127\.0\.0\.1:\d+ left"#)), "\(output)")
        #expect(!output.contains("--- stderr"), "\(output)")
    }

    @Test func theSemaphoreIsWhatKeepsTheServerFromAnswering429() async throws {
        let limited = try await Self.run("examples/network/24.1-against-a-server.lua")
        #expect(limited.contains("With the Semaphore: 9 answered 200, 0 answered 429; at most 3 connections open"), "\(limited)")
        let unlimited = try await Self.run("examples/network/24.1-against-a-server.lua", ["nolimit"])
        // A turned-away connection is open while the three admitted ones are: at least four at once.
        #expect(unlimited.contains(try Regex(#"Without it: 3 answered 200, 6 answered 429; at most [4-9] connections open"#)),
            "\(unlimited)")
    }
}
