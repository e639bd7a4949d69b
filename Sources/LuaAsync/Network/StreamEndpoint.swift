import NIOCore
import Scheduler

/// The loop's side of one socket (a connection or a listening server): what arrived and
/// not yet read, how it ended, and the Event that Lua waits on for news. Only the loop
/// touches it; NIO's threads reach it through the door (DoorHandler).
final class StreamEndpoint {
    enum Kind { case connection, listener }

    let id: Int
    let kind: Kind
    var channel: Channel?
    /// Set on every piece of news (bytes, end, a failure, a write done, a connection
    /// accepted); a Lua waiter clears it, waits, and looks again.
    let news: Event
    /// Bytes received and not yet read; `start` is where the unread part begins.
    private(set) var inbox: [UInt8] = []
    private var start = 0
    /// Whether NIO was left without a read request because enough waits unread.
    private var readingPaused = false
    var atEOF = false
    /// Open: connected (or accepted), or a listener bound. Said to `lifetime` each time it
    /// changes, and once more when the socket ends, for the trace.
    var isOpen = false {
        didSet { if isOpen != oldValue { lifetime(self) } }
    }
    var isClosing = false
    var isClosed = false
    /// This end wrote its EOF (`write_eof`): it reads on, and writes no more.
    var outputEnded = false
    /// The error that ended the socket, as an asyncio class name and a message.
    var failure: (type: String, message: String)?
    /// Bytes written and not yet taken by the kernel: what `drain` waits on.
    private(set) var unsent = 0
    /// A write failed: bytes written were lost with the connection.
    private(set) var writeFailed = false
    /// Bytes written this turn of the loop, and whether their flush is posted.
    var outbox: [UInt8] = []
    var flushPosted = false
    /// The other end (a connection) or the bound address (a listener).
    var host = ""
    var port = 0
    /// This end of a connection ("sockname").
    var localHost = ""
    var localPort = 0
    /// The listener that accepted this connection (nil: made by open_connection, or a listener).
    var listener: Int?
    enum Side: String { case client, server }
    /// Which side of its connection this end is (nil: a listener).
    var side: Side? { kind == .listener ? nil : listener == nil ? .client : .server }

    /// "connection#2 (peer 127.0.0.1:50312)", "Server#1 (listening on 127.0.0.1:8080)".
    var name: String {
        kind == .listener ? "Server#\(id) (listening on \(address))" : "connection#\(id) (peer \(address))"
    }
    /// "127.0.0.1:50312", "[::1]:8080".
    var address: String { Self.address(host, port) }
    var localAddress: String { Self.address(localHost, localPort) }

    static func address(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Keys that match the two ends of one connection (NetworkHost.link): this end's
    /// "local>peer", and the one its other end has. A dual-stack server ("::") sees an IPv4
    /// client as ::ffff:127.0.0.1; the key writes that as the client sees it, 127.0.0.1.
    var linkKey: String { Self.address(Self.unmapped(localHost), localPort) + ">" + Self.address(Self.unmapped(host), port) }
    var otherEndsLinkKey: String { Self.address(Self.unmapped(host), port) + ">" + Self.address(Self.unmapped(localHost), localPort) }

    private static func unmapped(_ host: String) -> String {
        host.lowercased().hasPrefix("::ffff:") && host.contains(".") ? String(host.dropFirst("::ffff:".count)) : host
    }

    /// Takes the addresses of an open channel: `remote` is the peer's (a connection's) or
    /// the bound one (a listener's).
    func setAddresses(remote: SocketAddress?, local: SocketAddress?) {
        if let remote {
            host = remote.ipAddress ?? host
            port = remote.port ?? port
        }
        if let local {
            localHost = local.ipAddress ?? localHost
            localPort = local.port ?? localPort
        }
    }

    /// The other end, when it is a socket of the same run (linked by NetworkHost): then news
    /// can only come from bytes or an end in flight between the two, which the loop counts.
    /// Strong, and unlinked when either end is forgotten: a weak reference would move both
    /// ends' reference counts to side tables, slowing every retain of them.
    var peer: StreamEndpoint?

    /// Breaks the link (this end is forgotten): the other end's waits count as a remote
    /// peer's again.
    func unlink() {
        guard let peer else { return }
        self.peer = nil
        peer.peer = nil
        peer.refreshHolds()
    }
    /// Every byte written here, and every byte received here, since the socket opened.
    private(set) var written = 0
    private(set) var receivedTotal = 0
    /// A listener's accepted connections, not yet handed to a handler.
    var accepted: [Int] = []
    /// Keeps the loop from calling a network wait a deadlock (or jumping a virtual clock)
    /// while news of this socket may still come from outside the loop (`expectsNews`).
    private var hold: ExternalWork?
    private let door: LoopDoor
    /// Whether a listener's waiters wait for clients from outside the run: on the real clock,
    /// as asyncio's servers do; the virtual clock's run is a world of its own.
    private let serverWaitsForOutside: Bool
    /// Each waiting task and what it waits for, for reports: "reader#2:readline".
    private var waiters: [ObjectIdentifier: Waiter] = [:]
    /// A task by id, not by reference: a weak reference would move the task's reference
    /// counts to a side table, slowing every retain of it.
    private struct Waiter {
        let task: Int
        let what: String
    }

    /// Counts bytes the host holds for the script (unread, or written and not yet sent)
    /// against the run's memory limit: a script that writes faster than its peer reads must
    /// not grow the host past `--max-memory`.
    let account: (Int) -> Void
    /// Told when the socket opens and when it ends (NetworkHost traces its lifetime).
    private let lifetime: (StreamEndpoint) -> Void

    init(id: Int, kind: Kind, loop: Scheduler.EventLoop, account: @escaping (Int) -> Void,
         lifetime: @escaping (StreamEndpoint) -> Void) {
        self.id = id
        self.kind = kind
        self.account = account
        self.lifetime = lifetime
        door = loop.door
        serverWaitsForOutside = !loop.clock.isVirtual
        news = Event(loop: loop)
        news.describesWaiter = { [unowned self] task in
            waiters[ObjectIdentifier(task)].map { "\($0.what) (\(kind == .listener ? "listening on" : "peer") \(address))" }
        }
        // A wait on a socket of this run waits for whoever waits at its other end.
        news.blockerOfWaiter = { [unowned self] _ in
            peer?.waiters.values.map(\.task).min()
        }
    }

    /// A script may keep the news Event (`reader._news`) and wait on it after the host forgot
    /// this endpoint: its closures must not reach an endpoint that is gone.
    deinit {
        news.describesWaiter = nil
        news.blockerOfWaiter = nil
    }

    var unread: Int { inbox.count - start }

    func received(_ bytes: [UInt8], on channel: Channel) {
        if self.channel == nil { self.channel = channel }
        if start > 0 && start >= inbox.count / 2 {
            inbox.removeFirst(start)
            start = 0
        }
        inbox += bytes
        receivedTotal += bytes.count
        account(bytes.count)
        if unread < NetworkHost.unreadLimit { channel.read() } else { readingPaused = true }
        news.set()
        refreshHolds()
    }

    /// Counts bytes handed to the socket (NetworkHost.write); they are unsent until `sent`.
    func wrote(_ count: Int) {
        written += count
        unsent += count
        account(count)
        peer?.refreshHolds()
    }

    /// The kernel took `count` bytes written earlier, or (`failed`) the write failed and they
    /// are lost: a drain then raises even if the loop has not yet heard that the socket ended.
    func sent(_ count: Int, failed: Bool = false) {
        if failed { writeFailed = true }
        unsent -= count
        account(-count)
        news.set()
        refreshHolds()
    }

    /// Gives back what the host still holds (the socket is forgotten).
    func release() {
        account(-(unread + unsent))
        unsent = 0
        inbox = []
        start = 0
    }

    /// Takes the first `count` unread bytes.
    func take(_ count: Int) -> ArraySlice<UInt8> {
        let taken = inbox[start..<start + count]
        start += count
        account(-count)
        if start == inbox.count {
            inbox.removeAll(keepingCapacity: true)
            start = 0
        }
        if readingPaused && unread <= NetworkHost.unreadLimit / 2 {
            resumeReading()
            refreshHolds()
        }
        return taken
    }

    /// Where `separator` ends in the unread bytes (the count up to and with it), if present.
    func find(_ separator: [UInt8]) -> Int? {
        guard !separator.isEmpty, unread >= separator.count else { return nil }
        let first = separator[0]
        var index = start
        let last = inbox.count - separator.count
        while index <= last {
            if inbox[index] == first && inbox[index..<index + separator.count].elementsEqual(separator) {
                return index + separator.count - start
            }
            index += 1
        }
        return nil
    }

    /// `task` waits on this socket for `what` ("reader#2:readline"). A reader that waits
    /// while reading is paused resumes it, as asyncio's does: it waits for more than is unread
    /// (`readexactly` past the pause), which no one else would read in.
    func beginWaiting(_ task: LoopTask, for what: String, reads: Bool) {
        waiters[ObjectIdentifier(task)] = Waiter(task: task.id, what: what)
        if reads { resumeReading() }
        refreshHolds()
    }

    private func resumeReading() {
        guard readingPaused else { return }
        readingPaused = false
        channel?.read()
    }

    func endWaiting(_ task: LoopTask) {
        waiters[ObjectIdentifier(task)] = nil
        refreshHolds()
    }

    /// The peer ended its input (EOF).
    func inputEnded() {
        atEOF = true
        news.set()
        refreshHolds()
    }

    func ended(_ failure: (type: String, message: String)? = nil) {
        if let failure, self.failure == nil { self.failure = failure }
        atEOF = true
        let wasClosed = isClosed
        isClosed = true
        if isOpen { isOpen = false } else if !wasClosed { lifetime(self) }  // a connect that failed
        news.set()
        refreshHolds()
    }

    /// Whether news of this socket may still come from outside the loop, so that a wait on
    /// it is no deadlock and a virtual clock must not jump past it (design note 0006):
    /// - linked to a socket of the same run: only while bytes or an end are in flight toward
    ///   this end (written there, not yet received here) and this end still reads, while
    ///   a task waits for this end's own close to be done, or while a task waits on bytes
    ///   unsent toward an end that no longer reads because it closed (the kernel takes them
    ///   or the write fails: news either way);
    /// - a listener: while a task waits for clients and clients may come from outside;
    /// - any other socket: while a task waits on it (the peer is outside the run).
    var expectsNews: Bool {
        let closeInFlight = isClosing && !isClosed && channel != nil  // NIO will say when it closed
        if let peer {
            let reading = !isClosing && !isClosed && !readingPaused
            let writeEndsAlone = unsent > 0 && (peer.isClosing || peer.isClosed)
            return ((closeInFlight || writeEndsAlone) && !waiters.isEmpty) || (reading && peer.hasTrafficInFlight(toward: self))
        }
        if waiters.isEmpty { return false }
        return kind == .connection || serverWaitsForOutside || !isOpen || closeInFlight
    }

    private func hasTrafficInFlight(toward receiver: StreamEndpoint) -> Bool {
        written > receiver.receivedTotal || unsent > 0 || ((isClosing || isClosed || outputEnded) && !receiver.atEOF)
    }

    /// Takes or drops this end's hold on the loop, and its peer's (whose in-flight count
    /// this end's writes and ends change).
    func refreshHolds() {
        refreshHold()
        peer?.refreshHold()
    }

    private func refreshHold() {
        if expectsNews {
            if hold == nil { hold = door.beginWork() }
        } else {
            hold = nil  // an ExternalWork dropped completes empty
        }
    }
}
