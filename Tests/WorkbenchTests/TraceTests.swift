import Foundation
import Testing
import Workbench

/// `--trace`, `--timeline` and `--timeline-html` on recorded runs of the lecture's examples.
@Suite struct TraceTests {
    private func record(_ script: String, arguments: [String] = []) async throws -> TraceRecorder {
        let recorder = TraceRecorder()
        let path = GoldenFiles.repositoryRoot.appendingPathComponent(script).path
        _ = try await Transcript.record(scriptAt: path, displayName: script, arguments: arguments, tracer: recorder)
        return recorder
    }

    private func chromeTrace(_ script: String, arguments: [String] = []) async throws -> String {
        ChromeTrace.json(try await record(script, arguments: arguments), title: script,
                         metadata: [("clock", "virtual"), ("seed", "1")])
    }

    /// The rules Perfetto's JSON importer applies: every X has a duration, flows come in
    /// s/f pairs, one pid, every tid named, counters numeric.
    private func validate(_ json: String) throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        var named = Set<Int>()
        var flowStarts: [Int: Int] = [:]
        var flowEnds: [Int: Int] = [:]
        for event in events {
            let phase = try #require(event["ph"] as? String)
            #expect(event["pid"] as? Int == 1, "one process")
            let tid = try #require(event["tid"] as? Int)
            switch phase {
            case "M": if event["name"] as? String == "thread_name" { named.insert(tid) }
            case "X":
                let duration = try #require(event["dur"] as? Double, "an X event without dur is dropped")
                #expect(duration >= 0)
                #expect(event["ts"] is Double)
            case "s": flowStarts[event["id"] as! Int, default: 0] += 1
            case "f":
                flowEnds[event["id"] as! Int, default: 0] += 1
                #expect(event["bp"] as? String == "e")
            case "C":
                let args = try #require(event["args"] as? [String: Any])
                #expect(args.values.allSatisfy { $0 is Double || $0 is Int })
            case "i": #expect(event["s"] as? String == "t")
            default: Issue.record("unexpected phase \(phase)")
            }
        }
        for event in events where (event["ph"] as? String) != "M" && (event["ph"] as? String) != "C" {
            #expect(named.contains(event["tid"] as! Int), "every track is named")
        }
        #expect(flowStarts == flowEnds, "every flow starts once and ends once")
        #expect(flowStarts.values.allSatisfy { $0 == 1 })
    }

    @Test(arguments: GoldenFiles.scripts(in: "examples/lecture") + GoldenFiles.scripts(in: "examples/sim"))
    func lectureTracesFollowTheTraceEventRules(_ script: String) async throws {
        try validate(try await chromeTrace(script))
    }

    @Test func aVirtualClockTraceIsTheSameBytesEveryRun() async throws {
        let script = "examples/lecture/24.4-producer-consumer-queue.lua"
        let first = try await chromeTrace(script, arguments: ["0.3"])
        let second = try await chromeTrace(script, arguments: ["0.3"])
        #expect(first == second)
    }

    @Test func theQueueExampleTracesWakeUpsAndQueueDepth() async throws {
        let json = try await chromeTrace("examples/lecture/24.4-producer-consumer-queue.lua", arguments: ["0.3"])
        #expect(json.contains(#""name":"Queue#1 size","args":{"value":5}"#), "the queue fills to its maxsize")
        #expect(json.contains(#""name":"waiting on Queue#1:put (full, maxsize=5)""#))
        #expect(json.contains(#""ph":"s""#) && json.contains(#""ph":"f""#))
    }

    @Test func theHTMLTimelineEmbedsItsDataAsTheGoldenFileHasIt() async throws {
        let data = HTMLTimeline.dataJSON(try await record("examples/lecture/24.1-semaphore-rate-limit.lua"))
        let golden = GoldenFiles.repositoryRoot.appendingPathComponent("Tests/Golden/timeline-24.1.json")
        if ProcessInfo.processInfo.environment["TIDE_UPDATE_GOLDEN"] == "1" {
            try data.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(data == (try? String(contentsOf: golden, encoding: .utf8)))
        let page = HTMLTimeline.page(try await record("examples/lecture/24.1-semaphore-rate-limit.lua"), title: "24.1")
        let addresses = page.components(separatedBy: "://").dropFirst()
        #expect(addresses.allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") }, "nothing loads from the network")
        #expect(!page.contains("src=") && !page.contains("href="), "nor from a file beside it")
        #expect(page.contains("default-src 'none'"), "and the browser is told to load nothing")
        #expect(page.contains(data), "the page carries the data it draws")
    }

    @Test func aTaskNameCannotCloseThePagesDataBlock() async throws {
        let path = try ToThreadTests.write("""
            local t = asyncio.create_task(function() asyncio.sleep(1) end)
            t:set_name("</script><script>alert('owned')</script> & <b>")
            t:await()
            """)
        let recorder = TraceRecorder()
        _ = try await Transcript.record(scriptAt: path, displayName: "name.lua", tracer: recorder)
        let page = HTMLTimeline.page(recorder, title: "<title>")
        #expect(page.components(separatedBy: "</script>").count == 3, "only the page's own two scripts close")
        #expect(!page.contains("alert('owned')</script>"))
        // The data block still says what the task was called.
        let block = page.components(separatedBy: "id=\"tide-data\">")[1].components(separatedBy: "</script>")[0]
        let data = try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any]
        let names = (data?["rows"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains("</script><script>alert('owned')</script> & <b>"))
    }
}
