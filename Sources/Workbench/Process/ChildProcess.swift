import CSpawn
import FoundationEssentials
import Glibc

/// Runs a program to its end and collects what it wrote: the grader's workers and the CLI
/// tests. Unlike Foundation's `Process`, the child inherits no descriptor but its three
/// standard ones (see `tide_spawn`), and a wall-time limit kills it.
public struct ChildProcess: Sendable {
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Killed by us at the wall-time limit.
        case timedOut
    }

    public struct Outcome: Sendable {
        public let ending: Ending
        public let stdout: String
        public let stderr: String
        /// True when the child wrote more than `outputLimit` bytes to one stream.
        public let truncated: Bool

        /// The exit status, 128 + signal when a signal ended it (a shell's convention).
        public var status: Int32 {
            switch ending {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            case .timedOut: 128 + SIGKILL
            }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public var executable: String
    public var arguments: [String]
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var input = ""
    /// The folder the child starts in (this process's by default).
    public var currentDirectory: String?
    public var wallTimeLimit: Duration?
    /// Bytes kept of each stream; the rest is read and dropped so the child never blocks.
    public var outputLimit = 16 << 20

    public init(_ executable: String, _ arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    public func run() throws -> Outcome {
        signal(SIGPIPE, SIG_IGN)  // a child that stops reading its input must not end us
        let stdin = try PipeEnds()
        let stdout: PipeEnds, stderr: PipeEnds
        do { stdout = try PipeEnds() } catch { stdin.closeBoth(); throw error }
        do { stderr = try PipeEnds() } catch { stdin.closeBoth(); stdout.closeBoth(); throw error }
        let pid: pid_t
        do { pid = try spawn(stdin: stdin.read, stdout: stdout.write, stderr: stderr.write) } catch {
            [stdin, stdout, stderr].forEach { $0.closeBoth() }
            throw error
        }
        close(stdin.read); close(stdout.write); close(stderr.write)
        var streams = StreamCollector(input: Array(input.utf8), inputFD: stdin.write,
                                      outputFDs: [stdout.read, stderr.read], limit: outputLimit)
        let deadline = wallTimeLimit.map { ContinuousClock.now + $0 }
        let finishedInTime = streams.pump(until: deadline)
        if !finishedInTime { kill(pid, SIGKILL) }
        streams.closeAll()
        let status = waitForExit(pid)
        let ending: Ending =
            if !finishedInTime { .timedOut }
            else if status & 0x7f == 0 { .exited((status >> 8) & 0xff) }
            else { .signalled(status & 0x7f) }
        return Outcome(ending: ending, stdout: streams.text(0), stderr: streams.text(1),
                       truncated: streams.truncated)
    }

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings(argv) { argv in
            withCStrings(envp) { envp in
                tide_spawn(executable, argv, envp, currentDirectory, stdin, stdout, stderr, &pid)
            }
        }
        guard status == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    private func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status
    }
}

/// A pipe whose ends close on exec: only `tide_spawn`'s dup2 hands one to the child.
private struct PipeEnds {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard tide_pipe(&fds) == 0 else {
            throw ChildProcess.Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        (read, write) = (fds[0], fds[1])
    }

    func closeBoth() {
        close(read)
        close(write)
    }
}

/// Feeds the child's input and drains its two outputs together, so that neither side waits
/// on a full pipe while the other waits on it.
private struct StreamCollector {
    var input: [UInt8]
    var inputFD: Int32
    var outputFDs: [Int32]
    let limit: Int
    var collected: [[UInt8]] = [[], []]
    var truncated = false
    private var written = 0

    init(input: [UInt8], inputFD: Int32, outputFDs: [Int32], limit: Int) {
        self.input = input
        self.inputFD = inputFD
        self.outputFDs = outputFDs
        self.limit = limit
        if input.isEmpty { closeInput() }
    }

    /// Returns false when the deadline came first.
    mutating func pump(until deadline: ContinuousClock.Instant?) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while outputFDs.contains(where: { $0 >= 0 }) {
            var polled = outputFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            polled.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0))
            // Checked on every pass: a child that never stops writing never lets poll time out.
            if let deadline, ContinuousClock.now >= deadline { return false }
            let timeout = deadline.map { Int32(min(max(1, ($0 - .now) / .milliseconds(1)), 60_000)) } ?? -1
            let ready = poll(&polled, nfds_t(polled.count), timeout)
            if ready < 0 && errno == EINTR { continue }
            for stream in 0..<outputFDs.count where polled[stream].revents != 0 {
                let count = read(outputFDs[stream], &buffer, buffer.count)
                if count > 0 { keep(buffer[0..<count], from: stream) } else if count == 0 || errno != EINTR {
                    close(outputFDs[stream])
                    outputFDs[stream] = -1
                }
            }
            if polled.last!.revents != 0 { feedInput() }
        }
        return true
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>, from stream: Int) {
        let room = limit - collected[stream].count
        if bytes.count > room { truncated = true }
        collected[stream].append(contentsOf: bytes.prefix(max(room, 0)))
    }

    /// Writes no more than PIPE_BUF at a time: poll's "writable" promises only that much room.
    private mutating func feedInput() {
        let chunk = input[written..<min(written + Int(PIPE_BUF), input.count)]
        let count = chunk.withUnsafeBytes { write(inputFD, $0.baseAddress, $0.count) }
        if count > 0 { written += count }
        if count < 0 && errno == EINTR { return }
        if count < 0 || written == input.count { closeInput() }
    }

    private mutating func closeInput() {
        if inputFD >= 0 { close(inputFD) }
        inputFD = -1
    }

    mutating func closeAll() {
        closeInput()
        for fd in outputFDs where fd >= 0 { close(fd) }
        outputFDs = outputFDs.map { _ in -1 }
    }

    func text(_ stream: Int) -> String { String(decoding: collected[stream], as: UTF8.self) }
}

/// A NULL-terminated `char *[]` for the length of `body`.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
