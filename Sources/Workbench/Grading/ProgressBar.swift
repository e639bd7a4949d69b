import FoundationEssentials
@preconcurrency import Glibc
import Synchronization

/// `grading [#######.......]  12/30` on stderr while workers run, when stderr is a
/// terminal; silent otherwise (a log, CI, Gradescope).
final class ProgressBar: Sendable {
    private let total: Int
    private let done = Mutex(0)
    private let shown = isatty(STDERR_FILENO) == 1

    init(total: Int) {
        self.total = total
        draw(0)
    }

    func advance() {
        let count = done.withLock { count in
            count += 1
            return count
        }
        draw(count)
    }

    func finish() {
        if shown { fputs("\r\u{1B}[K", stderr) }
    }

    private func draw(_ count: Int) {
        guard shown, total > 0 else { return }
        let width = 30
        let filled = width * count / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        fputs("\rgrading [\(bar)] \(count)/\(total)", stderr)
    }
}
