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
        fputs(text + "\n", stderr)
    }

    public static func isReadableFile(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    /// A seed nobody chose, for runs without `--seed`.
    public static func freshSeed() -> Int64 {
        Int64.random(in: 0..<(1 << 31))
    }
}
