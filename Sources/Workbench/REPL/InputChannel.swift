import CLineEdit
import Dispatch
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Lines typed (or piped) into the REPL, read on a thread of their own so that the loop
/// keeps running tasks while the prompt waits.
///
/// The loop asks for each line with the prompt to show (`request`), so the prompt appears
/// only once the previous input is done, as in `python -m asyncio`.
final class InputChannel: Sendable {
    enum Line: Sendable {
        case text(String)
        case end
    }

    let interactive: Bool
    private let lines = Mutex<[Line]>([])
    private let prompts = Mutex<[String]>([])
    private let wanted = DispatchSemaphore(value: 0)
    /// Wakes the loop when a line arrives.
    private let arrived: @Sendable () -> Void

    init(interactive: Bool, arrived: @escaping @Sendable () -> Void) {
        self.interactive = interactive
        self.arrived = arrived
    }

    private let historyPath = Mutex<String?>(nil)

    /// Starts the reader thread.
    func start(historyPath: String?) {
        self.historyPath.withLock { $0 = historyPath }
        if interactive {
            clineedit_setup()
            if let historyPath { clineedit_load_history(historyPath) }
        }
        Self.detachThread { [self] in self.readLines() }
    }

    /// Asks the reader for the next line, shown after `prompt`.
    func request(prompt: String) {
        prompts.withLock { $0.append(prompt) }
        wanted.signal()
    }

    /// The next line read, if one is there (the loop looks when a line's arrival wakes it).
    func nextLine() -> Line? {
        lines.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    private func readLines() {
        while true {
            wanted.wait()
            let prompt = prompts.withLock { $0.isEmpty ? "> " : $0.removeFirst() }
            guard let line = interactive ? readEdited(prompt: prompt) : readPiped() else { continue }  // abandoned
            lines.withLock { $0.append(line) }
            arrived()
            if case .end = line { return }
        }
    }

    /// Gives up the line being typed (Ctrl-C): nothing of it reaches the session, and the
    /// reader waits for the next prompt to be asked for.
    func abandonLine() {
        if interactive { clineedit_abandon() }
    }

    /// The line typed; nil when it was abandoned.
    private func readEdited(prompt: String) -> Line? {
        guard let raw = clineedit_read(prompt) else { return clineedit_take_abandoned() != 0 ? nil : .end }
        defer { free(raw) }
        return .text(String(cString: raw))
    }

    /// Adds a whole input to the history, as one entry however many lines it took (so that
    /// Up brings back a function whole). Called between a line and the next request, while
    /// the reader waits for its prompt and libedit is idle.
    func remember(_ input: String) {
        guard interactive, !input.allSatisfy(\.isWhitespace) else { return }
        clineedit_add_history(input)
        if let path = historyPath.withLock({ $0 }) { clineedit_save_history(path) }
    }

    private func readPiped() -> Line {
        var bytes: [UInt8] = []
        while true {
            let character = getchar()
            if character == EOF { return bytes.isEmpty ? .end : .text(String(decoding: bytes, as: UTF8.self)) }
            if character == 10 { return .text(String(decoding: bytes, as: UTF8.self)) }
            bytes.append(UInt8(truncatingIfNeeded: character))
        }
    }

    /// Runs `body` on a new detached POSIX thread (the reader blocks in read(2), so it must
    /// not occupy one of Swift concurrency's few threads).
    private static func detachThread(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box)
        pthread_detach(thread)
    }
}
