import Dispatch

/// Deflates a Perfetto trace's packets a chunk at a time on a thread of its own while the
/// writer encodes the next chunk, so that on two cores compression costs a traced run
/// little wall time. Each chunk (whole `Trace.packet` entries) becomes one packet of
/// compressed packets, as Perfetto's own service writes them: a zlib stream of the entries
/// in field 50, which `trace_processor` and ui.perfetto.dev inflate in place, with the
/// sequence's interning and clock carried across. Chunks reach the sink in order, and at
/// most two wait at a time.
final class PacketCompressor: @unchecked Sendable {
    private let queue = DispatchQueue(label: "tide.trace.deflate")
    private let slots = DispatchSemaphore(value: 2)
    /// Called on the compressing thread only, one chunk after the other; `finish` waits
    /// for the last, so the sink never runs after the writer returned.
    private let sink: (UnsafeRawBufferPointer) -> Void

    init(sink: @escaping (UnsafeRawBufferPointer) -> Void) { self.sink = sink }

    func add(_ chunk: [UInt8]) {
        slots.wait()
        queue.async { [self] in
            Self.compressedPacket(of: chunk).withUnsafeBytes { sink($0) }
            slots.signal()
        }
    }

    /// Returns once every chunk has reached the sink.
    func finish() { queue.sync {} }

    /// `TracePacket { compressed_packets = zlib(chunk) }`, framed as a `Trace.packet`.
    static func compressedPacket(of chunk: [UInt8]) -> [UInt8] {
        let compressed = chunk.withUnsafeBytes { Zlib.deflate($0) }
        var field = ProtobufWriter()
        field.tag(PerfettoTrace.Field.compressedPackets, 2)
        field.varint(UInt64(compressed.count))
        var framed = ProtobufWriter()
        framed.tag(PerfettoTrace.Field.tracePacket, 2)
        framed.varint(UInt64(field.bytes.count + compressed.count))
        framed.bytes += field.bytes
        framed.bytes += compressed
        return framed.bytes
    }
}
