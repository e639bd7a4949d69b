import LuaKit

/// `tide run --stats`: one line per sim service, from the statistics it had when the main
/// task ended (the same record grading reads as `run.services`).
public enum ServiceSummary {
    public static func lines(_ services: PlainValue?) -> [String] {
        guard case .table(let byName) = services else { return ["no sim services were made"] }
        return byName.keys.sorted().map { line(name: $0, byName[$0]!) }
    }

    /// `service api: 9 calls; 200×3 503×6; peak 9; latency p50 0.001s p99 0.300s max 0.300s`
    static func line(name: String, _ s: PlainValue) -> String {
        var parts = ["\(s["calls"].intValue ?? 0) calls"]
        if case .table(let statuses) = s["by_status"], !statuses.isEmpty {
            let sorted = statuses.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }
            parts.append(sorted.map { "\($0.key)×\($0.value.intValue ?? 0)" }.joined(separator: " "))
        }
        parts.append("peak \(s["peak"].intValue ?? 0)")
        let latency = s["latency"]
        if let p50 = latency["p50"].doubleValue, let p99 = latency["p99"].doubleValue, let max = latency["max"].doubleValue {
            parts.append("latency p50 \(seconds(p50)) p99 \(seconds(p99)) max \(seconds(max))")
        }
        for (field, label) in [("queued", "queued"), ("refused", "refused"), ("reset", "reset"), ("cancelled", "cancelled")] {
            if let n = s[field].intValue, n > 0 { parts.append("\(n) \(label)") }
        }
        if let hung = s["hung"].intValue, hung > 0 {
            let cancelled = s["hung_cancelled"].intValue ?? 0
            parts.append("\(hung) hung (\(cancelled) cancelled, \(s["hanging"].intValue ?? 0) still hanging)")
        }
        if let inFlight = s["in_flight"].intValue, inFlight > 0 { parts.append("\(inFlight) in flight at the end") }
        return "service \(name): " + parts.joined(separator: "; ")
    }

    private static func seconds(_ value: Double) -> String { formatFixed(value, digits: 3) + "s" }
}
