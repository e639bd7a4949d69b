import LuaAsync

/// The primitives of a recorded run as tracks of their own: each queue's depth against its
/// maxsize, each semaphore's or lock's slots in use against its limit, each event set or
/// clear, the connections open at once, taken from the counters the primitives report while a tracer records.
public struct PrimitiveTracks {
    public enum Kind: String { case queue, semaphore, lock, event, connections }

    public struct Track {
        /// The primitive's name (`Queue#1`).
        public let name: String
        public let kind: Kind
        /// The most the value can be (nil: an unbounded queue).
        public let limit: Int?
        /// (time, value), in the order they happened.
        public var samples: [(time: Int64, value: Int)] = []

        /// The most the value ever was.
        public var peak: Int { samples.map(\.value).max() ?? 0 }

        /// What the value counts, for labels.
        public var measure: String {
            switch kind {
            case .queue: return limit.map { "items (maxsize \($0))" } ?? "items (no maxsize)"
            case .semaphore, .lock: return "slots in use (of \(limit ?? 1))"
            case .event: return "set"
            case .connections: return "connections open"
            }
        }
    }

    /// One track per primitive, in the order each first reported; the connection counts
    /// last, clients before servers (which side NIO announces first differs between runs).
    public static func tracks(_ trace: TraceRecorder) -> [Track] {
        var order: [String] = []
        var byName: [String: Track] = [:]
        for sample in trace.samples where !sample.name.hasPrefix(ServiceTrack.prefix) {
            guard let (name, kind) = primitive(of: sample.name) else { continue }
            if byName[name] == nil {
                order.append(name)
                byName[name] = Track(name: name, kind: kind, limit: trace.limits[sample.name])
            }
            byName[name]!.samples.append((sample.time, sample.value))
        }
        let connections = order.filter { byName[$0]!.kind == .connections }.sorted()
        return (order.filter { byName[$0]!.kind != .connections } + connections).map { byName[$0]! }
    }

    /// `Queue#1 size` → (`Queue#1`, queue); `Lock#2 holders` → (`Lock#2`, lock).
    private static func primitive(of counter: String) -> (String, Kind)? {
        guard let space = counter.lastIndex(of: " ") else { return nil }
        let name = String(counter[..<space])
        switch (counter[counter.index(after: space)...], name.prefix { $0 != "#" }) {
        case ("size", _): return (name, .queue)
        case ("holders", "Lock"): return (name, .lock)
        case ("holders", _): return (name, .semaphore)
        case ("set", "Event"): return (name, .event)
        // NetworkHost's `client connections open` and `server connections open`.
        case ("open", "client connections"), ("open", "server connections"): return (name, .connections)
        default: return nil
        }
    }
}
