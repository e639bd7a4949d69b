/// A zip file built in memory, entries stored uncompressed: what a course platform unpacks
/// (Gradescope's autograder upload) without Tide depending on a zip tool being installed.
/// Each entry keeps its Unix permissions, so `run_autograder` stays executable.
struct ZipArchive {
    private var body: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Adds a file; `executable` gives it mode 755, else 644. A plain zip holds at most
    /// 65,535 files and 4 GiB (zip64 is not written).
    mutating func add(_ name: String, _ contents: [UInt8], executable: Bool = false) throws(PlatformExport.Failure) {
        guard count < 0xFFFF, body.count + contents.count + name.utf8.count + 30 < Int(UInt32.max) else {
            throw PlatformExport.Failure(description: "the bundle would outgrow a zip file (65,535 files, 4 GiB) at \(name)")
        }
        let nameBytes = Array(name.utf8)
        let crc = Self.crc32(contents)
        let mode: UInt32 = (executable ? 0o100755 : 0o100644) << 16
        let offset = UInt32(body.count)
        // Local file header: version 2.0, no flags, stored, a fixed 1980-01-01 time, so the
        // same exercise always makes the same bytes.
        body += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
        body += le32(crc) + le32(UInt32(contents.count)) + le32(UInt32(contents.count))
        body += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + contents
        // Central directory entry: made by Unix (3), so unzip restores the mode.
        directory += le32(0x0201_4B50) + le16(0x0314) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
        directory += le32(crc) + le32(UInt32(contents.count)) + le32(UInt32(contents.count))
        directory += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0)
        directory += le32(mode) + le32(offset) + nameBytes
        count += 1
    }

    /// The whole archive: the entries, their directory, and its end record.
    var bytes: [UInt8] {
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
            + le32(UInt32(directory.count)) + le32(UInt32(body.count)) + le16(0)
        return body + directory + end
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
