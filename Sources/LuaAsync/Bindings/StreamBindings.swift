import CLua
import LuaKit
import Scheduler

/// The host half of asyncio's streams: plain functions on socket ids, none of which
/// waits. Prelude/streams.lua builds StreamReader, StreamWriter and Server on them and
/// waits on each endpoint's news Event, so every wait is cancellable and loses no bytes
/// (they stay in the endpoint until a read takes them).
enum StreamBindings {
    static let core: [(String, LuaFunction)] = [
        ("streams_load", load), ("net_connect", connect), ("net_listen", listen), ("net_status", status),
        ("net_read", read), ("net_readuntil", readUntil), ("net_readexactly", readExactly), ("net_at_eof", atEOF),
        ("net_write", write), ("net_write_eof", writeEOF), ("net_unsent", unsent), ("net_close", close), ("net_accept", accept),
        ("net_address", address), ("net_hold", hold), ("net_unhold", unhold), ("net_forget", forget),
        ("net_refusal", refusal),
    ]

    /// streams_load() → the compiled chunk of streams.lua.
    static let load: LuaFunction = { state in
        let lua = Lua(state!)
        let source = String(decoding: PackageResources.streams_lua, as: UTF8.self)
        guard luaL_loadbufferx(lua.state, source, source.utf8.count, "@streams.lua", "t") == LUA_OK else {
            preconditionFailure("the streams prelude does not compile: \(lua.string(at: -1) ?? "?")")
        }
        return 1
    }

    /// Runs `body` with the endpoint whose id is argument 1 (the prelude passes only ids it made).
    private static func with(_ state: OpaquePointer?, _ body: (Lua, Runtime, StreamEndpoint) -> Int32) -> Int32 {
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let id = lua.integer(at: 1), let endpoint = runtime.network.endpoints[id] else {
            return lua.error("the socket is gone (closed when its runtime ended)")
        }
        return body(lua, runtime, endpoint)
    }

    /// Pushes the endpoint's id and its news Event.
    private static func pushEndpoint(_ endpoint: StreamEndpoint, _ runtime: Runtime, _ lua: Lua) -> Int32 {
        lua.push(endpoint.id)
        runtime.pushObject(endpoint.news, .event, on: lua)
        return 2
    }

    /// net_connect(host, port) → id, news: the connection starts.
    static let connect: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let host = lua.string(at: 1), let port = lua.integer(at: 2) else { return lua.error("host and port expected") }
        return pushEndpoint(runtime.network.connect(host: host, port: port), runtime, lua)
    }

    /// net_listen(host, port) → id, news: the listener starts binding.
    static let listen: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let host = lua.string(at: 1), let port = lua.integer(at: 2) else { return lua.error("host and port expected") }
        return pushEndpoint(runtime.network.listen(host: host, port: port), runtime, lua)
    }

    /// net_status(id) → "connecting" | "open" | "closing" | "closed", then the failure's
    /// class name and message, if it failed.
    static let status: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            let name = endpoint.isClosed ? "closed" : endpoint.isClosing ? "closing" : endpoint.isOpen ? "open" : "connecting"
            lua.push(name)
            guard let failure = endpoint.failure else { return 1 }
            lua.push(failure.type)
            lua.push(failure.message)
            return 3
        }
    }

    private static func push(_ bytes: ArraySlice<UInt8>, on lua: Lua) {
        bytes.withUnsafeBufferPointer { buffer in
            _ = lua_pushlstring(lua.state, UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, buffer.count)
        }
    }

    /// net_read(id, n) → up to n bytes (all until the end when n < 0), "" at the end, or
    /// nil: wait for news.
    static let read: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            let n = lua.integer(at: 2) ?? -1
            if n < 0 {
                guard endpoint.atEOF else { lua.pushNil(); return 1 }
                push(endpoint.take(endpoint.unread), on: lua)
                return 1
            }
            if endpoint.unread == 0 && !endpoint.atEOF && n > 0 { lua.pushNil(); return 1 }
            push(endpoint.take(min(n, endpoint.unread)), on: lua)
            return 1
        }
    }

    /// net_readuntil(id, separator, limit) → the bytes up to and with the separator; nil:
    /// wait; or false, "incomplete", partial (the end came first) / false, "overrun", count
    /// (more than `limit` bytes without a separator; nothing is taken).
    static let readUntil: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            guard let separator = lua.bytes(at: 2) else { return lua.error("separator expected") }
            let limit = lua.integer(at: 3) ?? Int.max
            if let count = endpoint.find(Array(separator)) {
                if count > limit {
                    lua.push(false); lua.push("overrun"); lua.push(count)
                    return 3
                }
                push(endpoint.take(count), on: lua)
                return 1
            }
            if endpoint.unread > limit {
                lua.push(false); lua.push("overrun"); lua.push(endpoint.unread)
                return 3
            }
            guard endpoint.atEOF else { lua.pushNil(); return 1 }
            lua.push(false); lua.push("incomplete")
            push(endpoint.take(endpoint.unread), on: lua)
            return 3
        }
    }

    /// net_readexactly(id, n) → n bytes; nil: wait; or false, "incomplete", partial.
    static let readExactly: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            let n = max(0, lua.integer(at: 2) ?? 0)
            if endpoint.unread >= n { push(endpoint.take(n), on: lua); return 1 }
            guard endpoint.atEOF else { lua.pushNil(); return 1 }
            lua.push(false); lua.push("incomplete")
            push(endpoint.take(endpoint.unread), on: lua)
            return 3
        }
    }

    /// net_at_eof(id) → whether the peer ended and every byte was read.
    static let atEOF: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            lua.push(endpoint.atEOF && endpoint.unread == 0)
            return 1
        }
    }

    /// net_write(id, data): sends at once (nothing is sent once closing); an error after
    /// write_eof, as asyncio's transports raise.
    static let write: LuaFunction = { state in
        with(state) { lua, runtime, endpoint in
            guard let bytes = lua.bytes(at: 2) else { return lua.error("data expected") }
            if endpoint.outputEnded && !endpoint.isClosing { lua.push(false); return 1 }
            runtime.network.write(endpoint, bytes)
            return 0
        }
    }

    /// net_write_eof(id) → false when this end's output had ended already.
    static let writeEOF: LuaFunction = { state in
        with(state) { lua, runtime, endpoint in
            lua.push(!endpoint.outputEnded)
            runtime.network.writeEOF(endpoint)
            return 1
        }
    }

    /// net_unsent(id) → bytes written and not yet taken by the kernel; the high and low
    /// marks; whether a write failed (the connection was lost with bytes unsent).
    static let unsent: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            lua.push(endpoint.unsent)
            lua.push(NetworkHost.highWater)
            lua.push(NetworkHost.lowWater)
            lua.push(endpoint.writeFailed)
            return 4
        }
    }

    static let close: LuaFunction = { state in
        with(state) { _, runtime, endpoint in
            runtime.network.close(endpoint)
            return 0
        }
    }

    /// net_accept(id) → the next accepted connection's id and news, or nil.
    static let accept: LuaFunction = { state in
        with(state) { lua, runtime, listener in
            while !listener.accepted.isEmpty {
                let id = listener.accepted.removeFirst()
                if let endpoint = runtime.network.endpoints[id] { return pushEndpoint(endpoint, runtime, lua) }
            }
            lua.pushNil()
            return 1
        }
    }

    /// net_address(id) → "127.0.0.1:50312" (the peer, or a listener's bound address), host,
    /// port, and this end's host and port.
    static let address: LuaFunction = { state in
        with(state) { lua, _, endpoint in
            lua.push(endpoint.address)
            lua.push(endpoint.host)
            lua.push(endpoint.port)
            lua.push(endpoint.localHost)
            lua.push(endpoint.localPort)
            return 5
        }
    }

    /// net_hold(id, role, operation) / net_unhold(id): the running task begins / ends waiting
    /// on this socket, for `role#id:operation` ("reader#2:readline").
    static let hold: LuaFunction = { state in
        with(state) { lua, runtime, endpoint in
            guard let task = runtime.currentTask else { return 0 }
            let role = lua.string(at: 2) ?? "socket"
            endpoint.beginWaiting(task, for: "\(role)#\(endpoint.id):\(lua.string(at: 3) ?? "wait")", reads: role == "reader")
            return 0
        }
    }

    static let unhold: LuaFunction = { state in
        with(state) { _, runtime, endpoint in
            if let task = runtime.currentTask { endpoint.endWaiting(task) }
            return 0
        }
    }

    /// net_refusal(what, host) → why the sandbox refuses this socket, or nil.
    static let refusal: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let what = lua.string(at: 1), let host = lua.string(at: 2),
            let refusal = runtime.sockets.refusal(of: what, host: host)
        else { return 0 }
        lua.push(refusal)
        return 1
    }

    /// net_forget(id): Lua collected the socket's objects; its socket closes and the host
    /// forgets it. A finalizer may run inside any allocation, so the forgetting waits for
    /// the loop's next turn; after the run's end there is nothing left to forget.
    static let forget: LuaFunction = { state in
        let lua = Lua(state!)
        guard let id = lua.integer(at: 1), let host = Runtime.from(lua).networkHost else { return 0 }
        let bound = LoopBound(host)
        host.door.post { bound.value.forget(id) }
        return 0
    }
}
