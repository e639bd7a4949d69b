/// Something a run reports on stderr at its end: what asyncio leaves silent.
public struct Diagnostic: Equatable, CustomStringConvertible {
    public enum Kind: String {
        case uncaughtError = "error"
        case deadlock
        case pendingAtExit = "pending"
        case errorNeverRetrieved = "unretrieved"
        case callbackError = "callback"
        case ignoredCancellation = "ignored-cancel"
        case swallowedTimeout = "swallowed-timeout"
        case heldAtFinish = "held-at-finish"
        case polling
        case slowTask = "slow-task"
        case fanOut = "fan-out"
        case queueGrowth = "queue-growth"
        case limit
        /// Ctrl-C stopped the run.
        case interrupted
        /// A Python habit that did not fail but did something else than meant.
        case hint
        /// Sockets on the virtual clock: the run may differ from the next (docs/design/0006).
        case networkOnVirtualClock = "virtual-network"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
