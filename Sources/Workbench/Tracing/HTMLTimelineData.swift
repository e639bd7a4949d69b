/// The run as the HTML page's JSON: rows in `TimelineRows` order, spans with their state,
/// primitives and services as tracks. Times are nanoseconds of loop time; every text is
/// stored once in `labels` and spans refer to it by index (-1: none), since a long run
/// repeats the same few descriptions thousands of times.
///
/// ```
/// {"end": 900000000, "labels": ["sleep", "…"],
///  "rows": [{"id": 2, "name": "main", "depth": 0, "outcome": "returned", "finished": 900000000,
///            "spans": [[state, start, end, what, site, caption], …],
///            "incidents": [[time, "timeout" | "cancel" | "error" | "cancelled", text], …]}],
///  "flows": [[fromID, sent, toID, received], …],
///  "primitives": [{"name": "Queue#1", "kind": "queue", "limit": 5, "measure": "…", "samples": [[t, v], …]}],
///  "services": […]}
/// ```
enum HTMLTimelineData {
    static func json(_ trace: TraceRecorder) -> String {
        let layout = TimelineRows(trace)
        var labels: [String] = []
        var labelIndex: [String: Int] = [:]
        func label(_ text: String?) -> Int {
            guard let text else { return -1 }
            if let index = labelIndex[text] { return index }
            labels.append(text)
            labelIndex[text] = labels.count - 1
            return labels.count - 1
        }
        let rows = layout.rows.map { row -> String in
            let track = trace.tracks[row.track]
            let spans = track.spans.map { span -> String in
                let (state, object) = TimelineState.of(span, labels: trace.labels)
                var what = -1, caption = -1
                if case .waiting(let index) = span.kind {
                    what = label(layout.naming(trace.labels[index]))
                    caption = label(self.caption(state, object.map(layout.naming)))
                }
                let site = span.site >= 0 ? label(trace.labels[Int(span.site)]) : -1
                return "[\"\(state.rawValue)\",\(span.start),\(span.end),\(what),\(site),\(caption)]"
            }
            let incidents = track.incidents.map { incident -> String in
                switch incident.kind {
                case .cancelRequested(let by):
                    let who = by.flatMap { layout.names[$0] }.map { "cancel asked by \($0)" } ?? "cancel asked"
                    return "[\(incident.time),\"cancel\",\(label(who))]"
                case .timedOut: return "[\(incident.time),\"timeout\",\(label("a timeout expired"))]"
                case .failed(let text): return "[\(incident.time),\"error\",\(label(trace.labels[text]))]"
                case .cancelled: return "[\(incident.time),\"cancelled\",\(label("cancelled"))]"
                }
            }
            let outcome = track.outcome.map { "\"\($0)\"" } ?? "null"
            let finished = track.finishedAt.map(String.init) ?? "null"
            return "{\"id\":\(track.id),\"name\":\(ChromeTrace.quote(row.name)),\"depth\":\(row.depth),"
                + "\"outcome\":\(outcome),\"finished\":\(finished),\n \"spans\":[\(spans.joined(separator: ","))],"
                + "\n \"incidents\":[\(incidents.joined(separator: ","))]}"
        }
        // Wake-ups between rows that are shown (a folded chunk has none worth an arrow).
        let shown = Set(layout.rows.map { trace.tracks[$0.track].id })
        let flows = trace.flows.compactMap { flow -> String? in
            guard let received = flow.received, shown.contains(flow.from), shown.contains(flow.to) else { return nil }
            return "[\(flow.from),\(flow.sent),\(flow.to),\(received)]"
        }
        let primitives = PrimitiveTracks.tracks(trace).map { track in
            "{\"name\":\(ChromeTrace.quote(track.name)),\"kind\":\"\(track.kind.rawValue)\",\"limit\":"
                + (track.limit.map(String.init) ?? "null") + ",\"measure\":\(ChromeTrace.quote(track.measure)),\"samples\":["
                + track.samples.map { "[\($0.time),\($0.value)]" }.joined(separator: ",") + "]}"
        }
        let quotedLabels = labels.map(ChromeTrace.quote).joined(separator: ",\n")
        return "{\"end\":\(trace.endTime),\n\"labels\":[\n\(quotedLabels)],\n\"rows\":[\n" + rows.joined(separator: ",\n")
            + "\n],\n\"flows\":[" + flows.joined(separator: ",") + "],\n\"primitives\":[" + primitives.joined(separator: ",\n")
            + "],\n\"services\":" + ServiceTimeline.json(trace) + "}"
    }

    /// The few words written on a span when it is wide enough.
    private static func caption(_ state: TimelineState, _ object: String?) -> String {
        let name = object ?? ""
        switch state {
        case .queueGet: return "\(name) empty"
        case .queuePut: return "\(name) full"
        case .queueJoin: return "join \(name)"
        case .task: return name.hasPrefix("all of ") || name.hasPrefix("the first of ") ? name : "await \(name)"
        case .sleep: return "sleep"
        case .service: return "service call"
        default: return name
        }
    }
}
