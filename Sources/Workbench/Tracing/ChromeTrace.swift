/// Writes a recorded run as Chrome trace-event JSON, which Perfetto and chrome://tracing open.
///
/// One process; one named track (tid) per task; `X` slices for running and for waiting
/// (named after what the task waited on); `i` marks for primitive operations; `s`/`f`
/// flow arrows from the task that woke another to the slice where the woken one ran;
/// `C` counters for queue depths and semaphore holders. Times are loop time in µs, so a
/// run on the virtual clock writes the same bytes every time.
public enum ChromeTrace {
    /// The whole file as one string (for tests and small runs).
    public static func json(_ trace: TraceRecorder, title: String, metadata: [(String, String)]) -> String {
        var text = ""
        write(trace, title: title, metadata: metadata) { text += $0 }
        return text
    }

    /// Streams the file to `sink` piece by piece, so a long run never holds it all at once.
    /// Events are written as bytes, a megabyte at a time: a run of a million events spent
    /// most of its traced time building Swift strings event by event.
    public static func write(
        _ trace: TraceRecorder, title: String, metadata: [(String, String)], to sink: (String) -> Void
    ) {
        withoutActuallyEscaping(sink) { write(trace, title: title, metadata: metadata, into: TraceBytes(sink: $0)) }
    }

    private static func write(_ trace: TraceRecorder, title: String, metadata: [(String, String)], into bytes: TraceBytes) {
        var out = bytes
        out.append("{\"traceEvents\":[\n")
        out.append(#"{"ph":"M","pid":1,"tid":0,"name":"process_name","args":{"name":"#)
        out.appendQuoted(title)
        out.append("}}")
        out.event(#"{"ph":"M","pid":1,"tid":0,"name":"thread_name","args":{"name":"loop"}}"#)
        // Each label's quoted "waiting on …" name, made once: a run waits on few things, often.
        let waitingNames = trace.labels.map { TraceBytes.quoted("waiting on \($0)") }
        let labelNames = trace.labels.map { TraceBytes.quoted($0) }
        for track in trace.tracks {
            out.event(#"{"ph":"M","pid":1,"tid":"#)
            out.append(track.id)
            out.append(#","name":"thread_name","args":{"name":"#)
            out.appendQuoted(track.name)
            out.append("}}")
            out.event(#"{"ph":"M","pid":1,"tid":"#)
            out.append(track.id)
            out.append(#","name":"thread_sort_index","args":{"sort_index":"#)
            out.append(track.id)
            out.append("}}")
            for span in track.spans {
                out.event(#"{"ph":"X","pid":1,"tid":"#)
                out.append(track.id)
                out.append(#","ts":"#)
                out.appendMicros(span.start)
                out.append(#","dur":"#)
                out.appendMicros(span.end - span.start)
                switch span.kind {
                case .running: out.append(#","name":"running","cat":"run"}"#)
                case .ready: out.append(#","name":"ready","cat":"ready"}"#)
                case .waiting(let what):
                    out.append(#","name":"#)
                    out.append(bytes: waitingNames[what])
                    out.append(#","cat":"wait"}"#)
                }
            }
            if let end = track.finishedAt, let outcome = track.outcome {
                out.event(#"{"ph":"i","s":"t","pid":1,"tid":"#)
                out.append(track.id)
                out.append(#","ts":"#)
                out.appendMicros(end)
                out.append(#","name":""#)
                out.append("\(outcome)")
                out.append(#"","cat":"task"}"#)
            }
        }
        for (number, flow) in trace.flows.enumerated() {
            guard let received = flow.received else { continue }
            out.event(#"{"ph":"s","pid":1,"tid":"#)
            out.append(flow.from)
            out.append(#","ts":"#)
            out.appendMicros(flow.sent)
            out.append(#","id":"#)
            out.append(number + 1)
            out.append(#","name":"wake","cat":"wake"}"#)
            out.event(#"{"ph":"f","bp":"e","pid":1,"tid":"#)
            out.append(flow.to)
            out.append(#","ts":"#)
            out.appendMicros(received)
            out.append(#","id":"#)
            out.append(number + 1)
            out.append(#","name":"wake","cat":"wake"}"#)
        }
        for mark in trace.marks {
            out.event(#"{"ph":"i","s":"t","pid":1,"tid":"#)
            out.append(mark.task ?? 0)
            out.append(#","ts":"#)
            out.appendMicros(mark.time)
            out.append(#","name":"#)
            out.append(bytes: labelNames[mark.name])
            out.append(#","cat":"op"}"#)
        }
        for sample in trace.samples {
            out.event(#"{"ph":"C","pid":1,"tid":0,"ts":"#)
            out.appendMicros(sample.time)
            out.append(#","name":"#)
            out.appendQuoted(sample.name)
            out.append(#","args":{"value":"#)
            out.append(sample.value)
            out.append("}}")
        }
        let other = metadata.map { "\(quote($0.0)):\(quote($0.1))" }.joined(separator: ",")
        out.append("\n],\"displayTimeUnit\":\"ms\",\"otherData\":{" + other + "}}\n")
        out.flush()
    }

    /// Nanoseconds as microseconds with three decimals, exactly.
    static func micros(_ nanoseconds: Int64) -> String {
        let fraction = Int(nanoseconds % 1000)
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(nanoseconds / 1000).\(padded)"
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// The trace file's bytes on their way to the sink, a megabyte at a time.
struct TraceBytes {
    private var bytes: [UInt8] = []
    private let sink: (String) -> Void
    private static let chunk = 1 << 20

    init(sink: @escaping (String) -> Void) {
        self.sink = sink
        bytes.reserveCapacity(Self.chunk + 4096)
    }

    static func quoted(_ text: String) -> [UInt8] { Array(ChromeTrace.quote(text).utf8) }

    /// Starts an event: the separator from the one before, then `opening`.
    mutating func event(_ opening: StaticString) {
        if bytes.count >= Self.chunk { flush() }
        append(",\n")
        append(opening)
    }

    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }
    mutating func appendQuoted(_ text: String) { bytes.append(contentsOf: ChromeTrace.quote(text).utf8) }

    mutating func append(_ number: Int) {
        if number < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt64(-Int64(number)))
        } else {
            appendDigits(UInt64(number))
        }
    }

    /// Nanoseconds as microseconds with three decimals, exactly (as `ChromeTrace.micros`).
    mutating func appendMicros(_ nanoseconds: Int64) {
        if nanoseconds < 0 { return append(ChromeTrace.micros(nanoseconds)) }
        appendDigits(UInt64(nanoseconds / 1000))
        let fraction = Int(nanoseconds % 1000)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(48 + fraction / 100))
        bytes.append(UInt8(48 + fraction / 10 % 10))
        bytes.append(UInt8(48 + fraction % 10))
    }

    /// The digits are appended last first, then put in order where they lie.
    private mutating func appendDigits(_ value: UInt64) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(48 + rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        sink(String(decoding: bytes, as: UTF8.self))
        bytes.removeAll(keepingCapacity: true)
    }
}
