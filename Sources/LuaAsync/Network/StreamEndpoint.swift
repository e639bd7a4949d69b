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
    var isOpen = false
    var isClosing = false
    var isClosed = false
    /// The error that ended the socket, as an asyncio class name and a message.
    var failure: (type: String, message: String)?
    /// Bytes written and not yet taken by the kernel: what `drain` waits on.
    var unsent = 0
    /// Bytes written this turn of the loop, and whether their flush is posted.
    var outbox: [UInt8] = []
    var flushPosted = false
    /// The other end (a connection) or the bound address (a listener).
    var host = ""
    var port = 0
    /// "127.0.0.1:50312", "[::1]:8080".
    var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    func setAddress(_ address: SocketAddress?) {
        guard let address else { return }
        host = address.ipAddress ?? host
        port = address.port ?? port
    }
    /// A listener's accepted connections, not yet handed to a handler.
    var accepted: [Int] = []
    /// Keeps the loop from calling a network wait a deadlock (or jumping a virtual clock)
    /// while any task waits on this socket.
    private var hold: ExternalWork?
    /// What each waiting task waits for, for reports: "reader#2:readline".
    private var waiters: [ObjectIdentifier: String] = [:]

    init(id: Int, kind: Kind, loop: Scheduler.EventLoop) {
        self.id = id
        self.kind = kind
        news = Event(loop: loop)
        news.describesWaiter = { [unowned self] task in
            waiters[ObjectIdentifier(task)].map { "\($0) (\(kind == .listener ? "listening on" : "peer") \(address))" }
        }
    }

    var unread: Int { inbox.count - start }

    func received(_ bytes: [UInt8], on channel: Channel) {
        if self.channel == nil { self.channel = channel }
        if start > 0 && start >= inbox.count / 2 {
            inbox.removeFirst(start)
            start = 0
        }
        inbox += bytes
        if unread < NetworkHost.unreadLimit { channel.read() } else { readingPaused = true }
        news.set()
    }

    /// Takes the first `count` unread bytes.
    func take(_ count: Int) -> ArraySlice<UInt8> {
        let taken = inbox[start..<start + count]
        start += count
        if start == inbox.count {
            inbox.removeAll(keepingCapacity: true)
            start = 0
        }
        if readingPaused && unread <= NetworkHost.unreadLimit / 2 {
            readingPaused = false
            channel?.read()
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

    /// `task` waits on this socket for `what` ("reader#2:readline").
    func beginWaiting(_ task: LoopTask, for what: String, door: LoopDoor) {
        waiters[ObjectIdentifier(task)] = what
        if hold == nil { hold = door.beginWork() }
    }

    func endWaiting(_ task: LoopTask) {
        waiters[ObjectIdentifier(task)] = nil
        if waiters.isEmpty { hold = nil }  // an ExternalWork dropped completes empty
    }

    func ended(_ failure: (type: String, message: String)? = nil) {
        if let failure, self.failure == nil { self.failure = failure }
        atEOF = true
        isClosed = true
        isOpen = false
        news.set()
    }
}
