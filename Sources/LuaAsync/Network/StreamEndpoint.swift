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
    var atEOF = false
    var isOpen = false
    var isClosing = false
    var isClosed = false
    /// The error that ended the socket, as an asyncio class name and a message.
    var failure: (type: String, message: String)?
    /// Bytes written and not yet taken by the kernel: what `drain` waits on.
    var unsent = 0
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
    private var holders = 0

    init(id: Int, kind: Kind, loop: Scheduler.EventLoop) {
        self.id = id
        self.kind = kind
        news = Event(loop: loop)
    }

    var unread: Int { inbox.count - start }

    func received(_ bytes: [UInt8]) {
        if start > 0 && start >= inbox.count / 2 {
            inbox.removeFirst(start)
            start = 0
        }
        inbox += bytes
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

    func beginWaiting(door: LoopDoor) {
        holders += 1
        if holders == 1 { hold = door.beginWork() }
    }

    func endWaiting() {
        holders = max(0, holders - 1)
        if holders == 0 { hold = nil }  // an ExternalWork dropped completes empty
    }

    func ended(_ failure: (type: String, message: String)? = nil) {
        if let failure, self.failure == nil { self.failure = failure }
        atEOF = true
        isClosed = true
        isOpen = false
        news.set()
    }
}
