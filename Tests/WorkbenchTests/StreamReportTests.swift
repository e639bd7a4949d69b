import CLua
import CLuaWatch
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

    /// Runs `source` on `clock` and gives its diagnostics, one per line.
    static func diagnostics(of source: String, clock: LoopClock, prepare: (Runtime) -> Void = { _ in }) async throws
        -> String
    {
        let runtime = Runtime(clock: clock)
        runtime.output = { _ in }
        prepare(runtime)
        _ = try await runtime.runScript(source: source, chunkName: "streams.test.lua")
        return runtime.diagnostics.map(\.message).joined(separator: "\n")
    }

    static func expect(_ messages: String, toMatch patterns: [String]) throws {
        for pattern in patterns {
            #expect(messages.contains(try Regex(pattern)), "\(pattern) not in:\n\(messages)")
        }
    }

    /// A client and its handler that each wait for the other to speak first: on the virtual
    /// clock nothing can come from outside the run, so it is a deadlock, with the cycle.
    @Test func tasksWaitingOnEachOtherOverLoopbackAreADeadlockOnTheVirtualClock() async throws {
        let messages = try await Self.diagnostics(of: """
            local server = asyncio.start_server(function(reader, writer) reader:readline() end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            reader:readline()
            """, clock: VirtualClock())
        try Self.expect(messages, toMatch: [
            #"deadlock at 0\.00s: no task can run and no timer is set, yet 3 tasks wait:"#,
            #"Task-1 \(main\) waits on reader#2:readline \(peer 127\.0\.0\.1:\d+\) at streams\.test\.lua:3"#,
            #"Server#1:accept waits on Server#1:accept \(listening on 127\.0\.0\.1:\d+\)"#,
            #"Task-3 waits on reader#3:readline \(peer 127\.0\.0\.1:\d+\) at streams\.test\.lua:1"#,
            #"wait-for cycle: Task-1 → Task-3 → Task-1"#,
        ])
    }

    /// On the real clock a listening server waits for clients from outside, as asyncio's
    /// does; once it is closed, the same wait is a deadlock there too.
    @Test func tasksWaitingOnEachOtherOverLoopbackAreADeadlockOnTheRealClockOnceTheServerCloses() async throws {
        let messages = try await Self.diagnostics(of: """
            local accepted = asyncio.Event()
            local server = asyncio.start_server(function(reader, writer)
                accepted:set()
                reader:readline()
            end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            accepted:wait()
            server:close()
            server:wait_closed()
            reader:readline()
            """, clock: RealClock())
        try Self.expect(messages, toMatch: [
            #"deadlock at \d+\.\d\ds: no task can run and no timer is set, yet 2 tasks wait:"#,
            #"wait-for cycle: Task-1 → Task-\d → Task-1"#,
        ])
    }

    /// A drain whose peer never reads waits for that peer: a deadlock once the kernel's
    /// buffers are full and nothing is in flight, not a hang.
    @Test func aDrainThatNobodyReadsIsADeadlock() async throws {
        let messages = try await Self.diagnostics(of: """
            local server = asyncio.start_server(function(reader, writer) asyncio.Event():wait() end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            local chunk = string.rep("x", 65536)
            for _ = 1, 1000 do writer:write(chunk) writer:drain() end
            """, clock: VirtualClock())
        try Self.expect(messages, toMatch: [
            #"Task-1 \(main\) waits on writer#2:drain \(peer 127\.0\.0\.1:\d+\) at streams\.test\.lua:4"#,
            #"Task-3 waits on Event#\d+:wait \(unset\) at streams\.test\.lua:1"#,
        ])
    }

    /// Connections that Lua no longer holds are forgotten by the host (their sockets closed
    /// first), so a long run that opens many keeps few.
    @Test func socketsThatLuaCollectedAreForgotten() async throws {
        var seen: [String] = []
        let runtime = Runtime(clock: VirtualClock())
        runtime.output = { seen.append($0) }
        let bound = LoopBound(runtime)
        runtime.register("sockets.held") { _ in
            let count = await withCheckedContinuation { (done: CheckedContinuation<Int, Never>) in
                bound.value.loop.door.post { done.resume(returning: bound.value.networkHost?.endpoints.count ?? -1) }
            }
            return [.integer(count)]
        }
        _ = try await runtime.runScript(source: """
            local server = asyncio.start_server(function(reader, writer)
                writer:write(reader:readline())
                writer:close()
            end, "127.0.0.1", 0)
            for i = 1, 200 do
                local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
                writer:write(i .. "\\n")
                assert(reader:readline() == i .. "\\n")
                writer:close()
                writer:wait_closed()
            end
            asyncio.sleep(1)  -- every handler sees its end
            collectgarbage()
            collectgarbage()
            asyncio.sleep(1)
            print(sockets.held())
            """, chunkName: "forget.lua")
        #expect(seen == ["1"], "only the listener is left: \(runtime.diagnostics.map(\.message))")
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

    /// A script may keep a socket's news Event (`reader._news`) after Lua collected the
    /// socket's reader and writer and the host forgot it; a task left waiting on that Event is
    /// reported as waiting on the Event, and the host does not trap on the endpoint it forgot.
    @Test func aWaitOnTheNewsOfAForgottenSocketIsReportedWithoutATrap() async throws {
        let messages = try await Self.diagnostics(of: """
            local server = asyncio.start_server(function(reader, writer) reader:read() end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            local news = reader._news
            reader, writer = nil, nil
            collectgarbage()
            collectgarbage()
            asyncio.sleep(0.01)  -- the host forgets the socket at the loop's next turn
            server:close()
            server:wait_closed()
            news:clear()
            asyncio.create_task(news.wait, news)
            asyncio.sleep(0)
            """, clock: VirtualClock())
        try Self.expect(messages, toMatch: [#"Task-\d+ was still waiting on Event#\d+:wait \(unset\)"#])
    }

    /// A server on "::" takes IPv4 clients too, and sees them as ::ffff:127.0.0.1: the two
    /// ends are still the run's own connection, so waiting on each other is a deadlock on the
    /// virtual clock, not a wait for ever.
    @Test(.enabled(if: VirtualClockStreamTests.hasIPv6Loopback))
    func anIPv4ClientOfADualStackServerIsTheRunsOwnConnection() async throws {
        let messages = try await Self.diagnostics(of: """
            local server = asyncio.start_server(function(reader, writer) reader:readline() end, "::", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            reader:readline()
            """, clock: VirtualClock())
        try Self.expect(messages, toMatch: [#"wait-for cycle: Task-1 → Task-3 → Task-1"#])
    }

    /// A run stopped by a limit, or by a livelock, closes its sockets with it.
    @Test(arguments: ["limit", "livelock"])
    func aRunStoppedEarlyClosesItsSockets(_ how: String) async throws {
        let runtime = Runtime(clock: VirtualClock(), limits: how == "limit" ? Limits(instructions: 2_000_000) : nil)
        runtime.output = { _ in }
        let spin = how == "limit" ? "while true do end" : "while true do asyncio.sleep(0) end"
        let result = try await runtime.runScript(source: """
            local server = asyncio.start_server(function(reader, writer) reader:read() end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            writer:write("unread")
            asyncio.create_task(function() asyncio.sleep(1) end)
            \(spin)
            """, chunkName: "stopped.lua")
        #expect(result.ending == (how == "limit" ? .limitExceeded : .deadlocked), "\(runtime.diagnostics.map(\.message))")
        #expect(runtime.networkHost == nil, "the sockets were closed with the run")
    }

    /// Bytes a socket holds for the script count against --max-memory until they are read,
    /// sent, or the socket is forgotten or closed with the run: the count the limit sees comes
    /// back to what Lua itself holds.
    @Test(arguments: ["forget", "run end"])
    func bytesHeldBySocketsAreGivenBack(_ when: String) async throws {
        let runtime = Runtime(clock: VirtualClock(), limits: Limits(memory: 64 << 20))
        runtime.output = { _ in }
        let drop = when == "forget" ? "reader, writer, held = nil, nil, nil; collectgarbage(); collectgarbage(); asyncio.sleep(0.01)" : ""
        _ = try await runtime.runScript(source: """
            local arrived = asyncio.Event()
            local held
            local server = asyncio.start_server(function(reader, writer)
                held = { reader, writer }
                writer:write(string.rep("u", 100000))  -- the client never reads it
                arrived:set()
                asyncio.Event():wait()
            end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            writer:write(string.rep("s", 50000))  -- the handler never reads it
            arrived:wait()
            asyncio.sleep(0.01)
            \(drop)
            server:close()
            server:wait_closed()
            """, chunkName: "held.lua")
        let state = runtime.mainState
        luaL_loadstring(state, "collectgarbage() collectgarbage() return collectgarbage('count') * 1024")
        #expect(lua_pcallk(state, 0, 1, 0, 0, nil) == LUA_OK)
        let lua = Int(lua_tonumberx(state, -1, nil))
        // Beyond Lua's own, the count holds only task names the host keeps (Server#1:accept).
        let held = Int(clua_limits_memory_used(state)) - lua
        #expect(held >= 0 && held < 1024, "\(held) bytes beyond Lua's: \(runtime.diagnostics.map(\.message))")
        lua_settop(state, -2)
    }
}
