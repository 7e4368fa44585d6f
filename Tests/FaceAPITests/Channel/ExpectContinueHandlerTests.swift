import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import FaceAPI

/// `Expect: 100-continue` on NIO's EmbeddedChannel: answered for a body
/// within the limit, not for one over it; every part passes on unchanged.
@Suite struct ExpectContinueHandlerTests {
    private static let limit = 1000

    private func channel() -> EmbeddedChannel {
        EmbeddedChannel(handler: ExpectContinueHandler(maxBodyBytes: Self.limit))
    }

    private func head(expect: String?, contentLength: Int?) -> HTTPRequestPart {
        var fields = HTTPFields()
        if let expect { fields[.expect] = expect }
        if let contentLength { fields[.contentLength] = String(contentLength) }
        return .head(HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/finauth/search/group/add",
                                 headerFields: fields))
    }

    @Test(arguments: ["100-continue", "100-Continue", "100-CONTINUE"])
    func anAnnouncedBodyWithinTheLimitGetsContinue(expect: String) throws {
        let channel = channel()
        let request = head(expect: expect, contentLength: Self.limit)
        try channel.writeInbound(request)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .continue)))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == request)
        #expect(try channel.finish().isClean)
    }

    @Test func aBodyOverTheLimitGetsNoContinue() throws {
        let channel = channel()
        let request = head(expect: "100-continue", contentLength: Self.limit + 1)
        try channel.writeInbound(request)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        // The head still reaches the route, which answers 413 without reading the body.
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == request)
    }

    @Test func aChunkedBodyWithoutALengthGetsContinue() throws {
        let channel = channel()
        try channel.writeInbound(head(expect: "100-continue", contentLength: nil))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .continue)))
    }

    @Test(arguments: [nil, "", "200-ok", "100-continue-please"] as [String?])
    func otherExpectationsGetNothing(expect: String?) throws {
        let channel = channel()
        try channel.writeInbound(head(expect: expect, contentLength: 10))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        #expect(try channel.readInbound(as: HTTPRequestPart.self) != nil)
    }

    @Test func bodyAndEndPassThroughUntouched() throws {
        let channel = channel()
        let parts: [HTTPRequestPart] = [head(expect: "100-continue", contentLength: 5), .body(ByteBuffer(string: "hello")),
                                        .end(nil)]
        for part in parts { try channel.writeInbound(part) }
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .continue)))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        for part in parts { #expect(try channel.readInbound(as: HTTPRequestPart.self) == part) }
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
    }
}
