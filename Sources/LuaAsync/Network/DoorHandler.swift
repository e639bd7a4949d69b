import NIOCore
import Scheduler

/// The NIO end of one socket: everything that happens on NIO's thread is posted through the
/// loop's door, to the endpoint of the same id (posts keep their order, so bytes arrive in
/// order and after the connection itself).
final class DoorHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let id: Int
    let door: LoopDoor
    let host: LoopBound<NetworkHost>
    /// The listener that accepted this connection, if one did: it learns of the connection
    /// once the channel is active (a write before then would fail).
    let listener: Int?

    init(id: Int, door: LoopDoor, host: LoopBound<NetworkHost>, acceptedBy listener: Int? = nil) {
        self.id = id
        self.door = door
        self.host = host
        self.listener = listener
    }

    /// Reading starts here; after this the loop asks for each next read (autoRead is off).
    func channelActive(context: ChannelHandlerContext) {
        context.read()
        if let listener {
            let channel = context.channel
            door.post { [host, id] in host.value.accepted(channel, id: id, by: listener) }
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let channel = context.channel  // the connect's own post may come after the first bytes
        door.post { [host, id] in host.value.endpoints[id]?.received(bytes, on: channel) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            door.post { [host, id] in host.value.endpoints[id]?.inputEnded() }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        door.post { [host, id] in host.value.endpoints[id]?.ended() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure = NetworkHost.describe(error)
        door.post { [host, id] in host.value.endpoints[id]?.ended(failure) }
        context.close(promise: nil)
    }
}
