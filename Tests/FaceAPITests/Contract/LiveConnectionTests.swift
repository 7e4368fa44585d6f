import Testing
import HummingbirdTesting
import FaceTestSupport
import ReplyChecks

/// The in-process server on a loopback port (`.live`), with the channel
/// handlers face-server runs: what only a real connection shows.
@Suite struct LiveConnectionTests {
    private static let path = "/finauth/search/group/group_list"

    /// Sends `request` on a new connection to the live server and reads until it closes.
    private static func exchange(_ api: APIHarness, _ request: [UInt8]) async throws -> [UInt8] {
        let port = try #require(api.port)
        return try await FaceClient.offload {
            let connection = try RawConnection(port: port, host: "localhost", timeoutSeconds: 20)
            try? connection.send(request)
            return (try? connection.receiveAll()) ?? []
        }
    }

    /// A client of a new app that sends its request target and bytes exactly as written.
    private static func rawClient(_ api: APIHarness) async throws -> FaceClient {
        FaceClient(transport: SocketTransport(port: try #require(api.port), host: "localhost"), credentials: try await api.createApp())
    }

    @Test func onlyTheExactPathIsAnEndpoint() async throws {
        try await withAPI(.live) { api in
            let client = try await Self.rawClient(api)
            let (contentType, body) = FormBody.multipart([("sign_version", .text("hmac_sha1")),
                                                          ("sign", .text(Signer.sign(client.credentials)))])
            for path in [Self.path + "/", "/" + Self.path, "/finauth//search/group/group_list", "/finauth/search/group//group_list",
                         "/finauth/search/group/group%5Flist", "/finauth/search/group/./group_list",
                         "/finauth/search/x/../group/group_list", "http://127.0.0.1" + Self.path + "/",
                         "http://127.0.0.1/" + Self.path] {
                expectFailure(try await client.post(path: path, contentType: contentType, body: body), 404, "API_NOT_FOUND")
            }
            // The exact path, with a query (ignored), or in absolute form (which HTTP/1.1 servers must accept).
            for path in [Self.path, Self.path + "?x=1", "http://127.0.0.1" + Self.path] {
                expectSuccess(try await client.post(path: path, contentType: contentType, body: body), fields: ["group_infos"])
            }
        }
    }

    @Test func unreadableHTTPIsAnsweredInJSON() async throws {
        try await withAPI(.live) { api in
            let client = try await Self.rawClient(api)
            let line = "POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            let form = "Content-Type: application/x-www-form-urlencoded\r\n"
            let requests = [
                line + "X-Bad: a\u{0}b\r\nContent-Length: 0\r\n\r\n",
                line + "X-Huge: " + String(repeating: "h", count: 100 * 1024) + "\r\nContent-Length: 0\r\n\r\n",
                line + form + "Content-Length: 3\r\nContent-Length: 4\r\n\r\na=1",
                line + "Bad Header: x\r\n\r\n",
                "P@ST \(Self.path) HTTP/1.1\r\nHost: x\r\n\r\n",
                line + form + "Transfer-Encoding: chunked\r\n\r\nzz\r\na=1\r\n0\r\n\r\n",
            ]
            let transport = try #require(client.transport as? SocketTransport)
            for request in requests {
                let reply = try await transport.exchange(Array(request.utf8))
                expectFailure(reply, 400, "BAD_ARGUMENTS:http")
                #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
                #expect(reply.json?["request_id"]?.string?.contains(",") == true, "\(reply)")
            }
            // A broken request after a good one on the same connection: the good one is answered first.
            let (contentType, body) = FormBody.urlencoded([("sign_version", "hmac_sha1"), ("sign", Signer.sign(client.credentials))])
            let good = "POST \(Self.path) HTTP/1.1\r\nHost: x\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
            let replies = try await Self.exchange(api, Array(good.utf8) + body + Array("GET / HTTP/1.1\r\nX: \u{0}\r\n\r\n".utf8))
            let first = try #require(HTTPReply(replies))
            expectSuccess(first, fields: ["group_infos"])
        }
    }

    @Test func requestsFollowEachOtherOnAKeptAliveConnection() async throws {
        try await withAPI(.live) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            for _ in 0..<3 {
                expectSuccess(try await client.call("get_size", [("group_id", "g")]), fields: ["group_id", "face_count"])
            }
            expectFailure(try await client.call("get_size", [("group_id", "h")]), 400, "INVALID_GROUP_ID")
            #expect(api.log.lines(withMessage: "request").count == 5)
        }
    }

    @Test func expectContinueIsAnswered() async throws {
        try await withAPI(.live) { api in
            let client = try await api.newClient()
            let (contentType, body) = FormBody.multipart([("sign_version", .text("hmac_sha1")),
                                                          ("sign", .text(Signer.sign(client.credentials)))])
            let port = try #require(api.port)
            let connection = try RawConnection(port: port, host: "localhost", timeoutSeconds: 20)
            try connection.send(Array(("POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n").utf8))
            let interim = try await FaceClient.offload { try connection.receive(until: "\r\n\r\n") }
            #expect(String(decoding: interim, as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue"))
            try connection.send(body)
            let reply = try #require(HTTPReply(interim + (try await FaceClient.offload { try connection.receiveAll() })))
            expectSuccess(reply, fields: ["group_infos"])
        }
    }

    @Test func anAnnouncedOversizedBodyGets413WithoutBeingRead() async throws {
        try await withAPI(.live) { api in
            let reply = try await Self.exchange(api, Array(("POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 8388609\r\n"
                + "Expect: 100-continue\r\n\r\n").utf8))
            // No 100 Continue first: the client is told at once not to send the body.
            #expect(String(decoding: reply.prefix(12), as: UTF8.self) == "HTTP/1.1 413")
            expectFailure(try #require(HTTPReply(reply)), 413, "REQUEST_ENTITY_TOO_LARGE")
        }
    }

    @Test func aChunkedBodyOverTheLimitGets413() async throws {
        try await withAPI(.live) { api in
            let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 0x100000) + Array("\r\n".utf8)
            let head = Array(("POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n").utf8)
            let port = try #require(api.port)
            let reply: [UInt8] = try await FaceClient.offload {
                let streaming = try RawConnection(port: port, host: "localhost", timeoutSeconds: 20)
                try streaming.send(head)
                // The size shows only while reading: 9 MiB in 1 MiB chunks.
                for _ in 0..<9 { try? streaming.send(chunk) }
                try? streaming.send(Array("0\r\n\r\n".utf8))
                return try streaming.receiveAll()
            }
            expectFailure(try #require(HTTPReply(reply)), 413, "REQUEST_ENTITY_TOO_LARGE")
        }
    }

    @Test func hugeHeadersAreRefusedAndTheServerStaysUp() async throws {
        try await withAPI(.live) { api in
            let client = try await api.newClient()
            for header in ["X-Padding: " + String(repeating: "a", count: 200_000),
                           (0..<5000).map { "X-H\($0): v" }.joined(separator: "\r\n")] {
                let request = "POST \(Self.path) HTTP/1.1\r\nHost: x\r\n\(header)\r\nContent-Length: 0\r\n\r\n"
                let reply = try await Self.exchange(api, Array(request.utf8))
                // Either a 4xx or a closed connection: never a 2xx, never a hang.
                if let parsed = HTTPReply(reply) {
                    #expect((400..<500).contains(parsed.status), "\(parsed)")
                }
            }
            expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
        }
    }
}
