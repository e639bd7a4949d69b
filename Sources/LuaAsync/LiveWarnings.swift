/// Warnings said while a run goes on, not kept for its end (a task that has not awaited
/// for a second): the one place they go through. The CLI writes them on stderr at once,
/// apart from the script's stdout; a runtime given none (grading, embedding) says nothing
/// live and keeps only its end-of-run reports.
public struct LiveWarnings: Sendable {
    private let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) { self.write = write }

    func warn(_ text: String) { write("tide: warning: " + text) }
}
