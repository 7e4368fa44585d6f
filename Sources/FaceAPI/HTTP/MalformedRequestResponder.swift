import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

// Design note: when NIO's HTTP parser cannot read a request head (a NUL in a
// header, headers over the limit, two Content-Lengths, an invalid method),
// the error travels up the pipeline and Hummingbird answers a bare, empty
// 400. This handler sits after the HTTP codec and answers such a request the
// contract's way instead, then closes the connection (the parser cannot
// resynchronise on a broken stream):
//
//   parser error ─▶ no request unanswered? ─yes─▶ 400 {"request_id",…,"error":"BAD_ARGUMENTS:http"}, close
//                                          └─no──▶ passed on: the request being served owns the answer
//
// A parse error inside a body reaches that request's handler as a thrown
// error (the envelope maps it), so only errors between requests are answered
// here. End of input mid-head is a client that left: nothing to answer.
//
// After the answer the connection lingers: output is shut (the client reads
// the answer and an end of stream) while what the client still sends is read
// and dropped, until it closes its side or `lingerTime` passes. Closing at
// once with unread bytes in the socket would make the kernel reset the
// connection, and a reset can destroy the answer before the client reads it.

/// Answers requests the HTTP parser could not read with the contract's JSON error.
final class MalformedRequestResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a connection whose request was answered here stays open for the client to finish sending.
    static let lingerTime = TimeAmount.seconds(2)

    private let logger: Logger
    /// Request heads passed on whose response has not ended yet.
    private var unanswered = 0
    private var answered = false

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After the answer, the rest of a broken stream is nobody's request.
        guard !answered else { return }
        if case .head = unwrapInboundIn(data) { unanswered += 1 }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if answered, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered -= 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Once answered, the parser's complaints about the dropped rest are not news.
        guard !answered else { return }
        guard unanswered == 0, Self.isMalformedRequest(error) else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        let trace = RequestTrace()
        RequestMetrics.started()
        trace.error = .malformedHTTP
        let body = APIReply.failureBody(.malformedHTTP, trace: trace)
        let head = HTTPResponse(status: APIError.malformedHTTP.status, headerFields: [
            .contentType: APIReply.contentType, .contentLength: String(body.count), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
        }
        context.eventLoop.scheduleTask(in: Self.lingerTime) { channel.close(promise: nil) }
        RequestRecord.finish(trace, target: nil, status: Int(APIError.malformedHTTP.status.code), logger: logger)
    }

    private static func isMalformedRequest(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPParserError: error != .invalidEOFState
        case is HTTP1TypeConversionError: true
        default: false
        }
    }
}
