import LuaAsync

/// The sim services of a recorded run as tracks of their own: calls in flight over time
/// (the `service NAME in flight` counter) and the calls rejected (its `service NAME: 503`
/// marks), for the terminal and HTML timelines. Chrome traces show the same counters and
/// marks as they are.
public struct ServiceTimeline {
    public struct Series {
        public let name: String
        /// (time, calls in flight), in the order they happened.
        public var samples: [(time: Int64, value: Int)] = []
        /// (time, what: "429", "503", "refused", "reset").
        public var rejections: [(time: Int64, what: String)] = []
    }

    /// One series per service, in the order each first appeared.
    public static func series(_ trace: TraceRecorder) -> [Series] {
        var order: [String] = []
        var byName: [String: Series] = [:]
        func touch(_ name: String) {
            if byName[name] == nil {
                order.append(name)
                byName[name] = Series(name: name)
            }
        }
        for sample in trace.samples where sample.name.hasPrefix(ServiceTrack.prefix) && sample.name.hasSuffix(ServiceTrack.counterSuffix) {
            let name = String(sample.name.dropFirst(ServiceTrack.prefix.count).dropLast(ServiceTrack.counterSuffix.count))
            touch(name)
            byName[name]!.samples.append((sample.time, sample.value))
        }
        for mark in trace.marks {
            let label = trace.labels[mark.name]
            // `service NAME: what`; what (a status, "refused") has no colon, a name may.
            guard label.hasPrefix(ServiceTrack.prefix), let colon = label.lastIndex(of: ":") else { continue }
            let name = String(label[label.index(label.startIndex, offsetBy: ServiceTrack.prefix.count)..<colon])
            touch(name)
            byName[name]!.rejections.append((mark.time, String(label[label.index(colon, offsetBy: 2)...])))
        }
        return order.map { byName[$0]! }
    }

    /// A terminal row per service: the most calls in flight within each column (`1`–`9`,
    /// `+` for more), and `✗` where a call was rejected.
    static func terminalRows(_ trace: TraceRecorder, columns: Int, column: (Int64) -> Int) -> [(name: String, cells: [String])] {
        series(trace).map { service in
            let peaks = ColumnPeaks.of(service.samples, columns: columns, column: column)
            var cells = peaks.map { $0 == 0 ? " " : $0 > 9 ? "+" : String($0) }
            for rejection in service.rejections { cells[column(rejection.time)] = "✗" }
            return (service.name, cells)
        }
    }

    /// The services as JSON for the HTML page: `[{"name":..,"samples":[[t,v],..],"rejections":[[t,"503"],..]}]`.
    static func json(_ trace: TraceRecorder) -> String {
        let entries = series(trace).map { service in
            "{\"name\":\(ChromeTrace.quote(service.name)),\"samples\":["
                + service.samples.map { "[\($0.time),\($0.value)]" }.joined(separator: ",") + "],\"rejections\":["
                + service.rejections.map { "[\($0.time),\(ChromeTrace.quote($0.what))]" }.joined(separator: ",") + "]}"
        }
        return "[" + entries.joined(separator: ",\n") + "]"
    }
}
