import Foundation
import Testing
import Workbench

/// The `--timeline-html` page of each lecture example, opened in headless Chromium: the
/// DOM its script draws holds the rows, states and tracks a student should see, and a
/// screenshot of each is kept in `.build/timeline-pages/` (see docs/diagnostics.md).
@Suite(.serialized, .enabled(if: HeadlessChromium.isInstalled, Comment(rawValue: HeadlessChromium.missingReason)))
struct TimelinePageTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let name: String
        let script: String
        var arguments: [String] = []
        let rows: [String]
        let states: [String]
        /// (kind, name) of each primitive track.
        var tracks: [String] = []
        /// Tracks that reach their limit somewhere.
        var atLimit: [String] = []
        var incidents: [String] = []

        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(name: "24.1", script: TimelineTests.semaphore,
                rows: ["main"] + (1...9).map { "fetchWithLimit (\($0))" }, states: ["running", "sleep", "semaphore", "task"],
                tracks: ["semaphore Semaphore#1"], atLimit: ["Semaphore#1"]),
        Example(name: "24.2", script: TimelineTests.race,
                rows: ["main", "queryRegion (1)", "queryRegion (2)", "queryRegion (3)"], states: ["running", "sleep", "task"],
                incidents: ["cancel", "cancelled"]),
        Example(name: "24.3", script: TimelineTests.retry,
                rows: ["main", "callWithTimeout (1)", "unreliableApi (1)"], states: ["running", "sleep", "task"],
                incidents: ["timeout", "cancelled"]),
        Example(name: "24.4", script: TimelineTests.queue,
                rows: ["main", "dataProducer", "dataConsumer (1)", "dataConsumer (2)"], states: ["running", "sleep", "queue-get", "task"],
                tracks: ["queue Queue#1"]),
        Example(name: "24.4-slow-consumers", script: TimelineTests.queue, arguments: ["0.3"],
                rows: ["main", "dataProducer", "dataConsumer (1)", "dataConsumer (2)"],
                states: ["running", "sleep", "queue-get", "queue-put", "task"], tracks: ["queue Queue#1"], atLimit: ["Queue#1"]),
    ]

    static let artifacts = GoldenFiles.repositoryRoot.appendingPathComponent(".build/timeline-pages")

    /// Writes the page of a recorded run beside its screenshot, and returns its address.
    private func writePage(_ trace: TraceRecorder, named name: String, title: String) throws -> URL {
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts.appendingPathComponent("\(name).html")
        try HTMLTimeline.page(trace, title: title).write(to: page, atomically: true, encoding: .utf8)
        return page
    }

    private func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }

    @Test(arguments: examples)
    func theLectureExamplesPageShowsItsRowsStatesAndTracks(_ example: Example) async throws {
        let trace = try await TimelineTests.record(example.script, arguments: example.arguments)
        let page = try writePage(trace, named: example.name, title: "tide run \(example.script) \(example.arguments.joined())")
        let dom = try HeadlessChromium.dumpDOM(of: page)
        #expect(dom.contains("data-drawn=\"true\""), "the page's script ran to the end")

        let rows = matches(#"<g class="row" data-id="\d+" data-name="([^"]*)""#, in: dom)
        for row in example.rows { #expect(rows.contains(row), "row \(row) in \(rows)") }
        #expect(!rows.contains { $0.hasPrefix("Task-") || $0 == "main chunk" }, "no row is a bare Task-N or Tide's runner")
        let states = Set(matches(#"<rect class="span s-[a-z-]+" data-state="([a-z-]+)""#, in: dom))
        for state in example.states { #expect(states.contains(state), "state \(state) in \(states)") }
        let tracks = matches(#"<g class="track" data-name="([^"]*)" data-kind="([a-z]+)""#, in: dom)
        let kinds = matches(#"<g class="track" data-name="[^"]*" data-kind="([a-z]+)""#, in: dom)
        #expect(zip(kinds, tracks).map { "\($0) \($1)" } == example.tracks)
        for name in example.atLimit {
            // The stretch at the limit is drawn inside that track's group.
            let group = dom.components(separatedBy: "<g class=\"track\" data-name=\"\(name)\"").dropFirst().first ?? ""
            #expect(group.components(separatedBy: "</g></g>").first?.contains("at-limit") == true, "\(name) reaches its limit")
            #expect(group.contains("class=\"limit\""), "\(name) has its limit drawn")
        }
        let incidents = Set(matches(#"data-incident="([a-z]+)""#, in: dom))
        for incident in example.incidents { #expect(incidents.contains(incident), "incident \(incident) in \(incidents)") }

        // The screenshot a reader would see, tall enough for every row and track.
        let height = min(2400, 260 + rows.count * 24 + tracks.count * 46 + 60)
        let image = Self.artifacts.appendingPathComponent("\(example.name).png")
        try HeadlessChromium.screenshot(of: page, to: image, width: 1400, height: height)
        let png = try Data(contentsOf: image)
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG of the page")
    }

    @Test func aLinkCanOpenAViewWithASpanPinned() async throws {
        let trace = try await TimelineTests.record(TimelineTests.queue, arguments: ["0.3"])
        let page = try writePage(trace, named: "24.4-linked", title: "24.4")
        let rows = TimelineRows(trace)
        let producer = try #require(rows.rows.first { $0.name == "dataProducer" })
        let track = trace.tracks[producer.track]
        let put = try #require(track.spans.firstIndex { TimelineState.of($0, labels: trace.labels).state == .queuePut })
        let dom = try HeadlessChromium.dumpDOM(of: page, fragment: "#view=0.2-0.6&pin=\(track.id).\(put)")
        let details = try #require(matches(#"<div id="details" class="details pinned">([^<]*)</div>"#, in: dom).first)
        #expect(details.hasPrefix("pinned: dataProducer: waiting to put on a full queue"))
        #expect(details.contains("on Queue#1:put (full, maxsize=5)"))
        #expect(details.contains("at \(TimelineTests.queue):"))
        #expect(dom.contains("showing 0.200s – 0.600s"))
    }

    @Test func namesFromTheRunRunNoScriptInThePage() async throws {
        let hostile = [
            "</script><script>document.body.dataset.owned='script'</script>",
            "<img src=x onerror=\"document.body.dataset.owned='img'\">",
            "\"'><svg onload=\"document.body.dataset.owned='quote'\"></svg>",
        ]
        let quoted = hostile.map { "'" + $0.replacingOccurrences(of: "'", with: "\\'") + "'" }.joined(separator: ", ")
        let path = try ToThreadTests.write("""
            local names = { \(quoted) }
            local tasks = {}
            for i, name in ipairs(names) do
                tasks[i] = asyncio.create_task(function() asyncio.sleep(i) end)
                tasks[i]:set_name(name)
            end
            for _, task in ipairs(tasks) do task:await() end
            """)
        let trace = TraceRecorder()
        _ = try await Transcript.record(scriptAt: path, displayName: hostile[1], tracer: trace)
        let page = try writePage(trace, named: "hostile-names", title: hostile[1])
        let dom = try HeadlessChromium.dumpDOM(of: page)
        #expect(dom.contains("data-drawn=\"true\""), "the page's own script ran")
        #expect(!dom.contains("data-owned"), "no script from a name ran")
        #expect(!dom.contains("<img") && !dom.contains("<svg onload"), "no name became an element")
        let rows = matches(#"<g class="row" data-id="\d+" data-name="([^"]*)""#, in: dom)
        #expect(rows.count == 4, "the chunk and the three tasks")
        #expect(dom.contains("&lt;img src=x onerror=\"document.body.dataset.owned='img'\"&gt;</text>"), "a name is drawn as text")
    }
}
