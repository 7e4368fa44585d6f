import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import FaceAPI

/// The per-request read deadline on NIO's EmbeddedChannel, whose clock only
/// moves when the test moves it: a body not complete `timeout` after its head
/// closes the connection; a complete request, or the connection's end, cancels it.
@Suite struct RequestReadDeadlineTests {
    private static let timeout = TimeAmount.seconds(60)
    private static let head = HTTPRequestPart.head(
        HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/finauth/search/group/list"))

    /// An active channel with the deadline handler.
    private func connected() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: RequestReadDeadline(timeout: Self.timeout))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    @Test func anIncompleteBodyIsCutOffAtTheDeadlineNotBefore() throws {
        let channel = try connected()
        try channel.writeInbound(Self.head)
        channel.embeddedEventLoop.advanceTime(by: Self.timeout - .nanoseconds(1))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .nanoseconds(1))
        #expect(!channel.isActive)
    }

    @Test func bodyPartsDoNotPushTheDeadlineBack() throws {
        let channel = try connected()
        try channel.writeInbound(Self.head)
        for _ in 0..<59 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "x")))
        }
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aCompleteRequestCancelsTheDeadline() throws {
        let channel = try connected()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "a=1")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: Self.timeout * 3)
        #expect(channel.isActive)
    }

    @Test func eachRequestOnAConnectionGetsItsOwnDeadline() throws {
        let channel = try connected()
        try channel.writeInbound(Self.head)
        channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        try channel.writeInbound(Self.head)
        // 100 s since the first head, 50 s since this one.
        channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(!channel.isActive)
    }

    @Test func partsPassThroughInOrder() throws {
        let channel = try connected()
        let parts: [HTTPRequestPart] = [Self.head, .body(ByteBuffer(string: "a=1")), .end(nil)]
        for part in parts { try channel.writeInbound(part) }
        for part in parts { #expect(try channel.readInbound(as: HTTPRequestPart.self) == part) }
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
    }

    @Test func removingTheHandlerCancelsItsDeadline() throws {
        let channel = try connected()
        try channel.writeInbound(Self.head)
        let handler = try channel.pipeline.syncOperations.handler(type: RequestReadDeadline.self)
        try channel.pipeline.syncOperations.removeHandler(handler).wait()
        channel.embeddedEventLoop.advanceTime(by: Self.timeout * 2)
        #expect(channel.isActive)
    }

    @Test func theConnectionsEndCancelsItsDeadline() throws {
        let channel = try connected()
        try channel.writeInbound(Self.head)
        // The event alone, so that a timer left behind would still find an open channel to close.
        channel.pipeline.fireChannelInactive()
        channel.embeddedEventLoop.advanceTime(by: Self.timeout * 2)
        #expect(channel.isActive)
    }
}
