#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Scheduler
import Synchronization

/// A runtime's sockets (asyncio's streams): one NIO event loop thread, made on first use,
/// and the endpoints by id. NIO's callbacks come back through the loop's door; nothing here
/// runs Lua off the loop. docs/design/0006-streams-on-swiftnio.md says why NIO and how.
final class NetworkHost {
    /// Ids handed out on NIO's thread too (accepted connections), so a shared counter.
    private final class IDs: Sendable {
        let last = Atomic<Int>(0)
        func next() -> Int { last.add(1, ordering: .relaxed).newValue }
    }

    /// asyncio's write buffer limits: drain waits past the high mark until the low one.
    static let highWater = 64 * 1024
    static let lowWater = 16 * 1024
    /// asyncio's reading limits: a socket stops reading once this much waits unread, and
    /// reads again below half of it, so a peer that outruns the script waits in its drain.
    static let unreadLimit = 128 * 1024

    /// Said once by a run that opens a socket on the virtual clock.
    static let virtualClockNote = "this run opened sockets on the virtual clock: a wait on a socket takes no "
        + "virtual time, the clock waits while bytes are in flight between the run's own sockets (and for a peer "
        + "outside the run, a minute of real time at most while a timer is due), and what each read gets is up "
        + "to the network, so this run may differ from the next"

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let door: LoopDoor
    private unowned let loop: Scheduler.EventLoop
    private let ids = IDs()
    var endpoints: [Int: StreamEndpoint] = [:]

    /// Counts bytes held for the script against its memory limit (StreamEndpoint.account).
    private let account: (Int) -> Void

    init(loop: Scheduler.EventLoop, account: @escaping (Int) -> Void) {
        self.loop = loop
        self.account = account
        door = loop.door
    }

    deinit { shutDown() }

    private func handler(_ id: Int) -> DoorHandler {
        DoorHandler(id: id, door: door, host: LoopBound(self))
    }

    private func newEndpoint(_ kind: StreamEndpoint.Kind, id: Int? = nil, acceptedBy listener: Int? = nil) -> StreamEndpoint {
        let endpoint = StreamEndpoint(id: id ?? ids.next(), kind: kind, loop: loop, account: account) {
            [unowned self] in traceLifetime(of: $0)
        }
        endpoint.listener = listener
        endpoints[endpoint.id] = endpoint
        return endpoint
    }

    /// Starts a connection; its endpoint opens, or fails, when NIO answers.
    func connect(host: String, port: Int) -> StreamEndpoint {
        let endpoint = newEndpoint(.connection)
        let handler = handler(endpoint.id)
        (endpoint.host, endpoint.port) = (host, port)
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.autoRead, value: false)  // the loop asks for more (StreamEndpoint.received)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
        let future = bootstrap.connect(host: host, port: port)
        let bound = LoopBound(self)
        Self.whenOpened(future, endpoint: endpoint.id, host: bound, door: door) { endpoint, _ in bound.value.link(endpoint) }
        return endpoint
    }

    /// Starts listening; each connection accepted becomes an endpoint in the listener's
    /// `accepted` list.
    func listen(host: String, port: Int) -> StreamEndpoint {
        let listener = newEndpoint(.listener)
        let listenerID = listener.id
        let bound = LoopBound(self)
        let ids = self.ids
        let door = self.door
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1024)  // NIO's 256 dropped connects of a burst (a 1 s retry)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { channel in
                let handler = DoorHandler(id: ids.next(), door: door, host: bound, acceptedBy: listenerID)
                return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
        let future = bootstrap.bind(host: host, port: port)
        Self.whenOpened(future, endpoint: listenerID, host: bound, door: door) { _, channel in
            channel.closeFuture.whenComplete { _ in door.post { bound.value.endpoints[listenerID]?.ended() } }
        }
        return listener
    }

    /// A connect or a bind is done (on NIO's thread): through the door, the endpoint opens (or,
    /// closed meanwhile, closes the channel at once) and `then` runs, or it ends with the failure.
    private static func whenOpened(
        _ future: EventLoopFuture<Channel>, endpoint id: Int, host bound: LoopBound<NetworkHost>, door: LoopDoor,
        then: @escaping @Sendable (StreamEndpoint, Channel) -> Void
    ) {
        future.whenComplete { result in
            switch result {
            case .success(let channel):
                let (remote, local) = (channel.remoteAddress, channel.localAddress)
                door.post {
                    guard let endpoint = bound.value.endpoints[id] else { channel.close(promise: nil); return }
                    endpoint.channel = channel
                    endpoint.setAddresses(remote: remote ?? local, local: local)
                    if endpoint.isClosing { channel.close(promise: nil) } else { endpoint.isOpen = true }
                    endpoint.news.set()
                    endpoint.refreshHolds()
                    then(endpoint, channel)
                }
            case .failure(let error):
                let failure = describe(error)
                door.post { bound.value.endpoints[id]?.ended(failure) }
            }
        }
    }

    /// A connection the listener `listenerID` accepted is active: its endpoint waits for
    /// the server's accept loop (a closing listener closes it instead).
    func accepted(_ channel: Channel, id: Int, by listenerID: Int) {
        guard let listener = endpoints[listenerID], !listener.isClosing else {
            channel.close(promise: nil)
            return
        }
        let endpoint = newEndpoint(.connection, id: id, acceptedBy: listenerID)
        endpoint.channel = channel
        endpoint.setAddresses(remote: channel.remoteAddress, local: channel.localAddress)
        endpoint.isOpen = true
        listener.accepted.append(id)
        listener.news.set()
        link(endpoint)
    }

    /// The connections open now, by side: made by `open_connection` (client) or accepted by
    /// a server (a loopback connection within the run is one of each).
    private var openConnections: [StreamEndpoint.Side: Set<Int>] = [.client: [], .server: []]

    /// A socket opened or ended: the trace shows each one's lifetime as a counter of its own
    /// (1 while open), the connections open at once on each side (`client connections open`,
    /// `server connections open`, also rows of the timelines), and a mark for a socket that
    /// ended with an error.
    private func traceLifetime(of endpoint: StreamEndpoint) {
        let side = endpoint.side
        if let side {
            if endpoint.isOpen { openConnections[side]!.insert(endpoint.id) } else { openConnections[side]!.remove(endpoint.id) }
        }
        guard let tracer = loop.tracer else { return }
        let now = loop.now
        let name = endpoint.name
        tracer.counter(name, value: endpoint.isOpen ? 1 : 0, limit: 1, at: now)
        if let side {
            tracer.counter("\(side.rawValue) connections open", value: openConnections[side]!.count, limit: nil, at: now)
        }
        if !endpoint.isOpen, let failure = endpoint.failure {
            tracer.operation("\(name): \(failure.type)", by: loop.current, at: now)
        }
    }

    /// Open connections of this run not yet matched with their other end, by
    /// "local address>peer address" (StreamEndpoint.linkKey).
    private var unlinked: [String: StreamEndpoint] = [:]

    /// Links `endpoint` with the run's own socket at its other end, once both are open (a
    /// client's connect and the server's accept come in either order): waits between the
    /// two then hold the loop only while something is in flight (design note 0006).
    func link(_ endpoint: StreamEndpoint) {
        guard endpoint.kind == .connection, endpoint.isOpen else { return }
        if let other = unlinked.removeValue(forKey: endpoint.otherEndsLinkKey), other.isOpen {
            endpoint.peer = other
            other.peer = endpoint
            endpoint.refreshHolds()
        } else {
            unlinked[endpoint.linkKey] = endpoint
        }
    }

    /// Queues `bytes` to send; they count as unsent until the kernel has them. What one
    /// turn of the loop writes goes to NIO in one piece (`flush`): a hop to NIO's thread per
    /// write cost more than the write.
    func write(_ endpoint: StreamEndpoint, _ bytes: UnsafeRawBufferPointer) {
        guard endpoint.channel != nil, endpoint.isOpen, !endpoint.isClosing, !endpoint.outputEnded else { return }
        endpoint.outbox.append(contentsOf: bytes)
        endpoint.wrote(bytes.count)
        guard !endpoint.flushPosted else { return }
        endpoint.flushPosted = true
        let bound = LoopBound(self)
        let id = endpoint.id
        door.post { bound.value.endpoints[id].map(bound.value.flush) }
    }

    /// Hands what was written since the last flush to NIO.
    func flush(_ endpoint: StreamEndpoint) {
        endpoint.flushPosted = false
        guard let channel = endpoint.channel, !endpoint.outbox.isEmpty else { return }
        let count = endpoint.outbox.count
        let buffer = channel.allocator.buffer(bytes: endpoint.outbox)
        endpoint.outbox.removeAll(keepingCapacity: true)
        let bound = LoopBound(self)
        let id = endpoint.id
        channel.writeAndFlush(buffer).whenComplete { [door] result in
            let failed = if case .failure = result { true } else { false }
            door.post {
                bound.value.endpoints[id]?.sent(count, failed: failed)
            }
        }
    }

    /// Ends this end's output after what was written (a half-close: the peer reads EOF, and
    /// this end still reads).
    func writeEOF(_ endpoint: StreamEndpoint) {
        guard let channel = endpoint.channel, endpoint.isOpen, !endpoint.isClosing, !endpoint.outputEnded else { return }
        flush(endpoint)
        endpoint.outputEnded = true
        channel.close(mode: .output, promise: nil)
        endpoint.refreshHolds()
    }

    /// Closes the socket (its data still goes out first); the endpoint ends when NIO says so.
    func close(_ endpoint: StreamEndpoint) {
        guard !endpoint.isClosing else { return }
        flush(endpoint)  // what was written goes out before the close
        endpoint.isClosing = true
        for id in endpoint.accepted { forget(id) }  // never handed to Lua
        endpoint.accepted = []
        if let channel = endpoint.channel {
            channel.close(promise: nil)
        } else if endpoint.isOpen || endpoint.kind == .listener {
            endpoint.ended()
        }
        endpoint.news.set()
        endpoint.refreshHolds()
    }

    /// Forgets an endpoint that Lua no longer holds (its socket closed first).
    func forget(_ id: Int) {
        guard let endpoint = endpoints[id] else { return }
        if !endpoint.isClosed { close(endpoint) }
        endpoint.isOpen = false  // its lifetime ends here: NIO's word of the close will find no endpoint
        endpoint.release()
        endpoint.unlink()
        endpoints[id] = nil
        if unlinked[endpoint.linkKey] === endpoint { unlinked[endpoint.linkKey] = nil }
    }

    /// Closes every socket and stops NIO's thread (the runtime closes).
    func shutDown() {
        for endpoint in endpoints.values {
            endpoint.channel?.close(promise: nil)
            endpoint.peer = nil  // no cycles left behind
        }
        endpoints = [:]
        unlinked = [:]
        group.shutdownGracefully { _ in }
    }

    /// An error of NIO's as asyncio's class and message.
    static func describe(_ error: any Error) -> (type: String, message: String) {
        var error = error
        if let connection = error as? NIOConnectionError, let first = connection.connectionErrors.first {
            error = first.error
        }
        if let io = error as? IOError {
            let message = String(cString: strerror(io.errnoCode))
            switch io.errnoCode {
            case ECONNREFUSED: return ("ConnectionRefusedError", message)
            case ECONNRESET, EPIPE: return ("ConnectionResetError", message)
            case ECONNABORTED: return ("ConnectionAbortedError", message)
            default: return ("OSError", message)
            }
        }
        if error is ChannelError, case .connectTimeout = error as? ChannelError {
            return ("TimeoutError", "connect timed out")
        }
        return ("OSError", String(describing: error))
    }
}

extension Runtime {
    /// Sockets still open when the main task ended are reported as pending tasks are
    /// (they are closed once the leftover tasks have cleaned up).
    func reportOpenSockets(context: String) {
        guard let networkHost else { return }
        let open = networkHost.endpoints.values.filter { !$0.isClosing && !$0.isClosed }.sorted { $0.id < $1.id }
        for endpoint in open.prefix(Self.reportedTasks) {
            report(Diagnostic(.pendingAtExit, "\(endpoint.name) was still open when \(context); closed it"))
        }
        if open.count > Self.reportedTasks {
            report(Diagnostic(.pendingAtExit, "… and \(open.count - Self.reportedTasks) more sockets were still open; closed them"))
        }
    }

    /// The run is over: every socket closes ("closing the runtime closes every socket"), and
    /// the bytes they held for the script leave its memory count (a runtime's `deinit`
    /// closes them too, but Lua's state may be gone by then).
    func closeSockets() {
        for endpoint in networkHost?.endpoints.values ?? [:].values { endpoint.release() }
        networkHost?.shutDown()
        networkHost = nil
    }
}
