import CLua
import LuaKit

/// What the `sim` module (Prelude/sim.lua) needs of the host: its source, the run's seed,
/// and a way into the trace and the end-of-run statistics.
enum ServiceBindings {
    static let core: [(String, LuaFunction)] = [
        ("sim_load", load), ("sim_seed", seed), ("sim_track", track), ("sim_counter", counter), ("sim_mark", mark),
        ("sim_register", register),
    ]

    /// sim_load() → the compiled chunk of sim.lua.
    static let load: LuaFunction = { state in
        let lua = Lua(state!)
        let source = String(decoding: PackageResources.sim_lua, as: UTF8.self)
        guard luaL_loadbufferx(lua.state, source, source.utf8.count, "@sim.lua", "t") == LUA_OK else {
            preconditionFailure("the sim prelude does not compile: \(lua.string(at: -1) ?? "?")")
        }
        return 1
    }

    /// sim_seed() → the run's seed, from which every service's stream starts.
    static let seed: LuaFunction = { state in
        let lua = Lua(state!)
        lua.push(Int(Runtime.from(lua).randomSeed))
        return 1
    }

    /// sim_track(name) → the service's number for counters and marks (its name is kept
    /// here, so the hot path passes an integer instead of a string).
    static let track: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        runtime.serviceNames.append(lua.string(at: 1) ?? "?")
        lua.push(runtime.serviceNames.count - 1)
        return 1
    }

    /// sim_counter(track, in_flight): a sample of the service's calls in flight. A call is
    /// work on the other side, so the sleeps that stand for it are not polling.
    static let counter: LuaFunction = { state in
        let lua = Lua(state!)
        Runtime.noteActivity(lua)
        let runtime = Runtime.from(lua)
        guard let tracer = runtime.loop.tracer, let track = lua.integer(at: 1),
              runtime.serviceNames.indices.contains(track) else { return 0 }
        tracer.counter(ServiceTrack.counterName(runtime.serviceNames[track]), value: lua.integer(at: 2) ?? 0,
                       at: runtime.loop.now)
        return 0
    }

    /// sim_mark(track, what): a rejected call (429, 503) or a connection error ("refused").
    static let mark: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let tracer = runtime.loop.tracer, let track = lua.integer(at: 1),
              runtime.serviceNames.indices.contains(track) else { return 0 }
        let what = lua.integer(at: 2).map(String.init) ?? lua.string(at: 2) ?? "?"
        tracer.operation(ServiceTrack.markName(runtime.serviceNames[track], what), by: runtime.loop.current,
                         at: runtime.loop.now)
        return 0
    }

    /// sim_register(snapshot): the function that reports every service's statistics. Only the
    /// first registration counts: the prelude's, made before any script runs.
    static let register: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard runtime.serviceSnapshotRef == LUA_NOREF, lua.type(at: 1) == LUA_TFUNCTION else { return 0 }
        lua.pushCopy(of: 1)
        runtime.serviceSnapshotRef = lua.ref()
        return 0
    }
}

/// How service tracks are named in a trace: a counter of calls in flight, and marks for
/// rejections, both under `service NAME`.
public enum ServiceTrack {
    public static let prefix = "service "
    public static let counterSuffix = " in flight"

    public static func counterName(_ service: String) -> String { prefix + service + counterSuffix }
    public static func markName(_ service: String, _ what: String) -> String { prefix + service + ": " + what }
}

extension Runtime {
    /// Every service's statistics (`service:stats()` by name), or nil when the script made
    /// none or the run can no longer run Lua (a limit was hit).
    public func serviceStatistics() -> PlainValue? {
        guard serviceSnapshotRef != LUA_NOREF, limitHit == nil else { return nil }
        let lua = vm.lua
        let base = lua.top
        defer { lua.setTop(base) }
        lua.pushRef(serviceSnapshotRef)
        guard vm.protectedCall(arguments: 0, results: 1) else { return nil }
        let value = lua.plainValue(at: -1, maxDepth: 6)
        if case .list(let items) = value, items.isEmpty { return nil }
        return value
    }
}
