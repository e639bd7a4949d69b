/// What a task is doing during one span, as timelines draw it: running, ready, or waiting
/// on a kind of thing a reader can tell apart (a sleep, a full queue, a lock, another task).
///
/// Read from the span's wait description (`Queue#1:put (full, maxsize=5)`) when a timeline
/// is drawn, so a traced run records nothing more than the description it already had.
public enum TimelineState: String, CaseIterable {
    case running, ready, sleep
    case queueGet = "queue-get", queuePut = "queue-put", queueJoin = "queue-join"
    case semaphore, lock, event, condition
    case task, host, service, socket
    case other

    /// The state of a span, and the object it waits on (`Queue#1`, `Task-3 to finish`) if any.
    public static func of(_ span: TraceRecorder.Span, labels: [String]) -> (state: TimelineState, object: String?) {
        switch span.kind {
        case .running: return (.running, nil)
        case .ready: return (.ready, nil)
        case .waiting(let what): return classify(labels[what])
        }
    }

    /// The state of waiting on what `label` describes, and the object waited on.
    public static func classify(_ label: String) -> (state: TimelineState, object: String?) {
        if label == "sleep" { return (.sleep, nil) }
        if label == TraceRecorder.simulatedCall { return (.service, nil) }
        if label.hasSuffix(" to finish") { return (.task, String(label.dropLast(" to finish".count))) }
        if label.hasPrefix("all of ") || label.hasPrefix("the first of ") { return (.task, label) }
        if label.hasPrefix("to_thread") || label.hasSuffix("(host work in flight)") {
            return (.host, String(label.prefix { $0 != " " }))
        }
        guard let colon = label.firstIndex(of: ":") else { return (.other, label) }
        let object = String(label[..<colon])
        let operation = label[label.index(after: colon)...].prefix { $0 != " " }
        let type = object.prefix { $0 != "#" }
        switch (type, operation) {
        case ("Queue", "get"), ("LifoQueue", "get"), ("PriorityQueue", "get"): return (.queueGet, object)
        case ("Queue", "put"), ("LifoQueue", "put"), ("PriorityQueue", "put"): return (.queuePut, object)
        case (_, "join") where type.hasSuffix("Queue"): return (.queueJoin, object)
        case ("Semaphore", _), ("BoundedSemaphore", _): return (.semaphore, object)
        case ("Lock", _): return (.lock, object)
        case ("Event", _): return (.event, object)
        case ("Condition", _): return (.condition, object)
        // streams.lua's waits: reader#2:readline, writer#2:drain, connection#2:open_connection, Server#1:accept.
        case ("reader", _), ("writer", _), ("connection", _), ("Server", _): return (.socket, object)
        default: return (.other, label)
        }
    }

    /// How the legend names it.
    public var meaning: String {
        switch self {
        case .running: return "running"
        case .ready: return "ready (waiting for its turn)"
        case .sleep: return "sleeping"
        case .queueGet: return "waiting to get from an empty queue"
        case .queuePut: return "waiting to put on a full queue"
        case .queueJoin: return "waiting for a queue to be done"
        case .semaphore: return "waiting for a semaphore slot"
        case .lock: return "waiting for a lock"
        case .event: return "waiting for an event"
        case .condition: return "waiting on a condition"
        case .task: return "waiting for another task"
        case .host: return "waiting on host work"
        case .service: return "waiting on a simulated service"
        case .socket: return "waiting on a socket"
        case .other: return "waiting"
        }
    }
}
