import NIOCore
import NIOHTTPTypes

// Design note: Hummingbird's idle timeout closes a connection only when no
// HTTP part has arrived for a while. Header bytes make no part until the
// head is complete, so a slow head is bounded by that timeout; but every body
// chunk is a part, so a client that trickles one byte of body now and then
// (slowloris) would keep its connection, its buffered body and its handler
// forever. This handler gives each request's body a hard deadline, counted
// from its head:
//
//   head ──▶ timer(timeout) ──▶ end: cancelled
//                          └──▶ fires first: connection closed
//
// It sits after the HTTP codec, so it sees whole request parts.

/// Closes a connection whose request body is not complete within `timeout` of its head.
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                context.close(promise: nil)
            }
        case .body:
            break
        case .end:
            cancel()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    private func cancel() {
        deadline?.cancel()
        deadline = nil
    }
}
