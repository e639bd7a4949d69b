import Foundation
import Testing
import Workbench

/// The protobuf trace read back field by field, as Perfetto's importer reads it, and held
/// against the spans, marks, counters and wake-ups the same recording gives the JSON trace.
@Suite struct PerfettoTraceTests {
    /// Protobuf's wire format, read: (field, varint value or bytes) pairs of one message.
    struct Message {
        var fields: [(number: UInt64, value: UInt64, bytes: ArraySlice<UInt8>)] = []

        init(_ bytes: ArraySlice<UInt8>) throws {
            var offset = bytes.startIndex
            func varint() throws -> UInt64 {
                var value: UInt64 = 0
                var shift: UInt64 = 0
                while true {
                    guard offset < bytes.endIndex, shift < 64 else { throw DecodeError.truncated }
                    let byte = bytes[offset]
                    offset += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
            }
            while offset < bytes.endIndex {
                let tag = try varint()
                switch tag & 7 {
                case 0: fields.append((tag >> 3, try varint(), []))
                case 1:
                    guard offset + 8 <= bytes.endIndex else { throw DecodeError.truncated }
                    let value = bytes[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    fields.append((tag >> 3, value, []))
                    offset += 8
                case 2:
                    let length = Int(try varint())
                    guard offset + length <= bytes.endIndex else { throw DecodeError.truncated }
                    fields.append((tag >> 3, 0, bytes[offset..<offset + length]))
                    offset += length
                default: throw DecodeError.wireType(tag & 7)
                }
            }
        }

        func value(_ number: UInt64) -> UInt64? { fields.last { $0.number == number }?.value }
        func values(_ number: UInt64) -> [UInt64] { fields.filter { $0.number == number }.map(\.value) }
        func message(_ number: UInt64) throws -> Message? { try fields.last { $0.number == number }.map { try Message($0.bytes) } }
        func messages(_ number: UInt64) throws -> [Message] { try fields.filter { $0.number == number }.map { try Message($0.bytes) } }
        func string(_ number: UInt64) -> String? { fields.last { $0.number == number }.map { String(decoding: $0.bytes, as: UTF8.self) } }
    }

    enum DecodeError: Error { case truncated, wireType(UInt64) }

    private func record(_ script: String) async throws -> TraceRecorder {
        let recorder = TraceRecorder()
        let path = GoldenFiles.repositoryRoot.appendingPathComponent(script).path
        _ = try await Transcript.record(scriptAt: path, displayName: script, arguments: [], tracer: recorder)
        return recorder
    }

    @Test(arguments: ["examples/lecture/24.1-semaphore-rate-limit.lua", "examples/lecture/24.4-producer-consumer-queue.lua"])
    func theProtobufTraceHoldsWhatTheJSONTraceHolds(_ script: String) async throws {
        let recorder = try await record(script)
        let file = PerfettoTrace.bytes(recorder, title: script)
        #expect(try Message(file[...]).fields.allSatisfy { $0.number == 1 }, "a Trace holds packets only")
        // Each packet of the file is compressed packets (field 50): a zlib stream of
        // Trace.packet entries, read as the packets themselves.
        var bytes: [UInt8] = []
        for outer in try Message(file[...]).messages(1) {
            #expect(outer.fields.map(\.number) == [50], "a file's packet holds compressed packets only")
            let field = try #require(outer.fields.first)
            bytes += try #require(Zlib.inflate(Array(field.bytes)), "compressed packets are one zlib stream")
        }
        #expect(bytes.count > file.count * 2, "the packets compress: \(file.count) bytes for \(bytes.count)")
        let packets = try Message(bytes[...]).messages(1)
        #expect(try Message(bytes[...]).fields.allSatisfy { $0.number == 1 }, "compressed packets hold packets only")

        // The sequence starts clean, on an incremental clock of its own.
        let first = try #require(packets.first)
        #expect(first.value(13) == 1, "SEQ_INCREMENTAL_STATE_CLEARED")
        #expect(try first.message(59)?.value(58) == 64, "timestamps default to clock 64")
        let clocks = try #require(try first.message(6)).messages(1)
        #expect(clocks.contains { $0.value(1) == 64 && $0.value(3) == 1 }, "clock 64 is incremental")

        var names: [UInt64: String] = [:]
        var tracks: [UInt64: String] = [:]
        var time: UInt64 = 0
        var begins: [UInt64: [(time: UInt64, name: String)]] = [:]
        var open: [UInt64: Int] = [:]
        var instants: [String] = []
        var counters: [(track: String, value: Int64)] = []
        var flowStarts = Set<UInt64>(), flowEnds = Set<UInt64>()
        for packet in packets {
            #expect(packet.value(10) == 1, "every packet is on sequence 1")
            if let track = try packet.message(60) {
                let uuid = try #require(track.value(1))
                #expect(tracks[uuid] == nil, "a track is described once")
                tracks[uuid] = try track.message(4)?.string(5) ?? track.string(2) ?? track.message(3)?.string(6) ?? "?"
            }
            for name in try packet.message(12)?.messages(2) ?? [] {
                let iid = try #require(name.value(1))
                #expect(names[iid] == nil, "a name is interned once")
                names[iid] = name.string(2)
            }
            guard let event = try packet.message(11) else { continue }
            #expect(packet.value(13) == 2, "SEQ_NEEDS_INCREMENTAL_STATE")
            time += try #require(packet.value(8), "every event has a time")
            let uuid = try #require(event.value(11))
            #expect(tracks[uuid] != nil, "an event's track is described before it")
            let name = event.value(10).map { names[$0] }
            switch event.value(9) {
            case 1:
                #expect(open[uuid, default: 0] == 0, "a task's slices do not nest")
                open[uuid, default: 0] += 1
                begins[uuid, default: []].append((time, try #require(name ?? nil, "a named slice")))
            case 2:
                #expect(open[uuid, default: 0] == 1, "an end closes an open slice")
                open[uuid, default: 0] -= 1
            case 3: instants.append(try #require(name ?? nil))
            case 4: counters.append((tracks[uuid]!, Int64(bitPattern: try #require(event.value(30)))))
            default: Issue.record("unexpected event type \(String(describing: event.value(9)))")
            }
            flowStarts.formUnion(event.values(47))
            flowEnds.formUnion(event.values(48))
        }

        // Against the model the JSON trace and timelines are drawn from.
        #expect(recorder.tracks.count > 2 && recorder.samples.count > 2 && recorder.flows.count > 2, "a run worth reading")
        for track in recorder.tracks {
            let uuid = try #require(tracks.first { $0.value == track.name }?.key)
            let expected = track.spans.map { span -> (UInt64, String) in
                let name = switch span.kind {
                case .running: "running"
                case .ready: "ready"
                case .waiting(let label): "waiting on \(recorder.labels[label])"
                }
                return (UInt64(span.start), name)
            }
            let written = begins[uuid] ?? []
            #expect(written.map(\.time) == expected.map(\.0), "\(track.name)'s slices start when its spans do")
            #expect(written.map(\.name) == expected.map(\.1), "\(track.name)'s slices are named as its spans")
            #expect(open[uuid, default: 0] == 0, "the run's end closes every slice")
        }
        #expect(instants.filter { $0 != "wake" && !["returned", "failed", "cancelled"].contains($0) }
                == recorder.marks.map { recorder.labels[$0.name] })
        #expect(counters.map(\.track) == recorder.samples.map(\.name))
        #expect(counters.map(\.value) == recorder.samples.map { Int64($0.value) })
        #expect(flowEnds.count == recorder.flows.count, "each wake-up that was received ends a flow")
        #expect(flowEnds.isSubset(of: flowStarts))
    }

    @Test func aVirtualClockProtobufTraceIsTheSameBytesEveryRun() async throws {
        let script = "examples/lecture/24.1-semaphore-rate-limit.lua"
        let first = PerfettoTrace.bytes(try await record(script), title: script)
        let second = PerfettoTrace.bytes(try await record(script), title: script)
        #expect(first == second)
        #expect(!first.isEmpty)
    }
}
