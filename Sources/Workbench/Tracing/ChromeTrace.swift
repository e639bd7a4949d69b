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
    public static func write(
        _ trace: TraceRecorder, title: String, metadata: [(String, String)], to sink: (String) -> Void
    ) {
        var first = true
        func emit(_ event: String) {
            sink(first ? event : ",\n" + event)
            first = false
        }
        sink("{\"traceEvents\":[\n")
        emit(#"{"ph":"M","pid":1,"tid":0,"name":"process_name","args":{"name":\#(quote(title))}}"#)
        emit(#"{"ph":"M","pid":1,"tid":0,"name":"thread_name","args":{"name":"loop"}}"#)
        for track in trace.tracks {
            emit(
                #"{"ph":"M","pid":1,"tid":\#(track.id),"name":"thread_name","args":{"name":\#(quote(track.name))}}"#)
            emit(
                #"{"ph":"M","pid":1,"tid":\#(track.id),"name":"thread_sort_index","args":{"sort_index":\#(track.id)}}"#)
            for span in track.spans {
                let (name, category): (String, String)
                switch span.kind {
                case .running: (name, category) = ("running", "run")
                case .waiting(let what): (name, category) = ("waiting on \(trace.labels[what])", "wait")
                case .ready: (name, category) = ("ready", "ready")
                }
                emit(
                    #"{"ph":"X","pid":1,"tid":\#(track.id),"ts":\#(micros(span.start)),"dur":\#(micros(span.end - span.start)),"name":\#(quote(name)),"cat":"\#(category)"}"#
                )
            }
            if let end = track.finishedAt, let outcome = track.outcome {
                emit(
                    #"{"ph":"i","s":"t","pid":1,"tid":\#(track.id),"ts":\#(micros(end)),"name":"\#(outcome)","cat":"task"}"#)
            }
        }
        for (number, flow) in trace.flows.enumerated() {
            guard let received = flow.received else { continue }
            emit(
                #"{"ph":"s","pid":1,"tid":\#(flow.from),"ts":\#(micros(flow.sent)),"id":\#(number + 1),"name":"wake","cat":"wake"}"#)
            emit(
                #"{"ph":"f","bp":"e","pid":1,"tid":\#(flow.to),"ts":\#(micros(received)),"id":\#(number + 1),"name":"wake","cat":"wake"}"#)
        }
        for mark in trace.marks {
            emit(
                #"{"ph":"i","s":"t","pid":1,"tid":\#(mark.task ?? 0),"ts":\#(micros(mark.time)),"name":\#(quote(trace.labels[mark.name])),"cat":"op"}"#)
        }
        for sample in trace.samples {
            emit(
                #"{"ph":"C","pid":1,"tid":0,"ts":\#(micros(sample.time)),"name":\#(quote(sample.name)),"args":{"value":\#(sample.value)}}"#)
        }
        let other = metadata.map { "\(quote($0.0)):\(quote($0.1))" }.joined(separator: ",")
        sink("\n],\"displayTimeUnit\":\"ms\",\"otherData\":{" + other + "}}\n")
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
