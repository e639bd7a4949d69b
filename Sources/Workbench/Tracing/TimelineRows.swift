/// The rows of a timeline as a reader should see them: named after the task's name, else
/// the function it runs (`dataProducer`, `dataConsumer (2)`); each under the task that
/// created it; and the script's top-level chunk, which only awaits the task it started
/// (`asyncio.run(main)`), folded into that task.
public struct TimelineRows {
    public struct Row {
        /// Index into `trace.tracks`.
        public let track: Int
        public let name: String
        /// How many creators up to a row at the left edge.
        public let depth: Int
    }

    public let rows: [Row]
    /// The name each task is shown by, by task id (folded tasks too).
    public let names: [Int: String]

    public init(_ trace: TraceRecorder) {
        let tracks = trace.tracks
        var children: [Int: [Int]] = [:]
        let ids = Set(tracks.map(\.id))
        for (index, track) in tracks.enumerated() {
            if let parent = track.parent, ids.contains(parent) { children[parent, default: []].append(index) }
        }
        var base: [String] = tracks.map { track in
            if track.name != "Task-\(track.id)" { return track.name }
            if track.isChunk { return "main chunk" }
            return track.body ?? track.name
        }
        var order: [(track: Int, depth: Int)] = []
        func add(_ index: Int, depth: Int) {
            let kids = children[tracks[index].id] ?? []
            if Self.onlyServes(tracks[index], children: kids, labels: trace.labels) {
                add(kids[0], depth: depth)
                return
            }
            order.append((index, depth))
            for kid in kids { add(kid, depth: depth + 1) }
        }
        for (index, track) in tracks.enumerated() where track.parent.map({ !ids.contains($0) }) ?? true {
            add(index, depth: 0)
        }
        // A name several tasks share is numbered in the order the rows show them.
        let unnamed = { (index: Int) in tracks[index].name == "Task-\(tracks[index].id)" }
        var counts: [String: Int] = [:]
        for (index, _) in order where unnamed(index) { counts[base[index], default: 0] += 1 }
        var seen: [String: Int] = [:]
        for (index, _) in order where unnamed(index) && counts[base[index]]! > 1 {
            seen[base[index], default: 0] += 1
            base[index] += " (\(seen[base[index]]!))"
        }
        var names: [Int: String] = [:]
        for (index, track) in tracks.enumerated() { names[track.id] = base[index] }
        let rows = order.map { Row(track: $0.track, name: base[$0.track], depth: $0.depth) }
        self.rows = rows
        self.names = names
    }

    /// A chunk that made one task and did nothing but await it is Tide's runner, not a row.
    private static func onlyServes(_ track: TraceRecorder.Track, children: [Int], labels: [String]) -> Bool {
        guard track.isChunk, children.count == 1 else { return false }
        return track.spans.allSatisfy { span in
            if case .waiting(let what) = span.kind { return labels[what].hasSuffix(" to finish") }
            return true
        }
    }

    /// `label` with each default task name (`Task-3`) replaced by the name its row shows.
    public func naming(_ label: String) -> String {
        let marker = Array("Task-")
        let characters = Array(label)
        var out = ""
        var i = 0
        while i < characters.count {
            if characters[i] == "T", i + marker.count < characters.count, Array(characters[i..<(i + marker.count)]) == marker {
                var j = i + marker.count
                while j < characters.count, characters[j].isASCII, characters[j].isNumber { j += 1 }
                if let id = Int(String(characters[(i + marker.count)..<j])), let name = names[id] {
                    out += name
                    i = j
                    continue
                }
            }
            out.append(characters[i])
            i += 1
        }
        return out
    }
}
