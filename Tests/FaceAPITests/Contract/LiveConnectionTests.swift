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
