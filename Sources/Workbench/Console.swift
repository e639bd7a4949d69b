#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Where runs write what is not the script's own output.
public enum Console {
    /// Writes `text` and a newline to stderr, after flushing what the script printed,
    /// so that reports follow the output they are about.
    public static func report(_ text: String) {
        fflush(stdout)
        var line = text + "\n"
        line.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stderr) }  // fwrite: a NUL does not cut it short
    }

    public static func isReadableFile(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    /// Streams what `produce` hands its sink into the file at `path`; false if it could not.
    public static func write(toFile path: String, _ produce: ((String) -> Void) -> Void) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        var failed = false
        produce { piece in
            var piece = piece
            piece.withUTF8 { if fwrite($0.baseAddress, 1, $0.count, file) != $0.count { failed = true } }
        }
        return fclose(file) == 0 && !failed
    }

    /// As above, for bytes that are not text (a protobuf trace).
    public static func write(toFile path: String, bytes produce: ((UnsafeRawBufferPointer) -> Void) -> Void) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        var failed = false
        produce { piece in if fwrite(piece.baseAddress, 1, piece.count, file) != piece.count { failed = true } }
        return fclose(file) == 0 && !failed
    }

    /// Whether stdout is a terminal (for colour and width).
    public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Whether stderr is a terminal (for the timeline's colour and width).
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// The width in columns of the terminal on `descriptor` (stdout by default), or `fallback`.
    public static func terminalWidth(of descriptor: Int32 = STDOUT_FILENO, fallback: Int = 100) -> Int {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return fallback }
        return Int(size.ws_col)
    }

    /// Makes every thread allocate from glibc's main arena.
    ///
    /// The loop runs on a Swift concurrency worker thread, and glibc gives such threads an
    /// arena of their own, grown with one mprotect call per step; with 100,000 tasks that
    /// took a third of the run. The main arena grows with brk, in larger steps.
    public static func useOneMallocArena() {
        #if canImport(Glibc)
        _ = glibcMallopt(-8 /* M_ARENA_MAX in malloc.h, which Glibc's module does not export */, 1)
        #endif
    }

    /// A seed nobody chose, for runs without `--seed`.
    public static func freshSeed() -> Int64 {
        Int64.random(in: 0..<(1 << 31))
    }
}

#if canImport(Glibc)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
