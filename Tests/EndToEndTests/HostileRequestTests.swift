import Foundation
import Testing
import FaceTestSupport

@Suite struct HostileRequestTests {
    private static let path = "/finauth/search/group/group_list"

    @Test func unknownPathsAndMethodsAnswerNotFound() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            for (method, path) in [("POST", "/finauth/search/group/nope"), ("GET", Self.path), ("PUT", Self.path),
                                   ("POST", "/"), ("GET", "/finauth/search/group/create?x=1")] {
                let reply = try await client.post(path: path, contentType: nil, body: [], method: method)
                expectFailure(reply, 404, "API_NOT_FOUND")
            }
        }
    }

    @Test func unreadableBodiesAreRefused() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            let sign = Signer.sign(client.credentials)
            let valid = FormBody.multipart([("sign_version", .text("hmac_sha1")), ("sign", .text(sign))], boundary: "XyZ")
            let cases: [(String?, [UInt8], String)] = [
                ("text/plain", Array("sign_version=hmac_sha1".utf8), "BAD_ARGUMENTS:content_type"),
                ("application/json", Array("{\"sign\":1}".utf8), "BAD_ARGUMENTS:content_type"),
                (nil, Array("sign_version=hmac_sha1".utf8), "BAD_ARGUMENTS:content_type"),
                ("multipart/form-data", valid.body, "BAD_ARGUMENTS:body"),
                ("multipart/form-data; boundary=other", valid.body, "BAD_ARGUMENTS:body"),
                (valid.contentType, Array(valid.body.dropLast(12)), "BAD_ARGUMENTS:body"),
                (valid.contentType, Array("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".utf8), "BAD_ARGUMENTS:body"),
                ("application/x-www-form-urlencoded", Array("sign=%zz".utf8), "BAD_ARGUMENTS:body"),
                (nil, [], "MISSING_ARGUMENTS:sign_version"),
            ]
            for (contentType, body, error) in cases {
                expectFailure(try await client.post(path: Self.path, contentType: contentType, body: body), 400, error)
            }
            expectSuccess(try await client.post(path: Self.path, contentType: valid.contentType, body: valid.body),
                          fields: ["group_infos"])
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        try await withServer { server in
            // Announced too large: answered without reading the body.
            let connection = try RawConnection(port: server.port)
            try connection.send(Array(("POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 8388609\r\n"
                + "Expect: 100-continue\r\n\r\n").utf8))
            let announced = try #require(HTTPReply(try await FaceClient.offload { try connection.receiveAll() }))
            expectFailure(announced, 413, "REQUEST_ENTITY_TOO_LARGE")

            // Chunked, so the size shows only while reading.
            let streaming = try RawConnection(port: server.port)
            try streaming.send(Array(("POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n").utf8))
            let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 0x100000) + Array("\r\n".utf8)
            let reply: [UInt8] = try await FaceClient.offload {
                for _ in 0..<9 { try? streaming.send(chunk) }
                try? streaming.send(Array("0\r\n\r\n".utf8))
                return try streaming.receiveAll()
            }
            expectFailure(try #require(HTTPReply(reply)), 413, "REQUEST_ENTITY_TOO_LARGE")

            // Just under the limit is read (and then fails only on its missing fields).
            let client = server.client(try await server.createApp())
            let body = [UInt8](repeating: UInt8(ascii: "a"), count: 8 * 1024 * 1024 - 10)
            expectFailure(try await client.post(path: Self.path, contentType: "application/x-www-form-urlencoded",
                                                body: Array("x=".utf8) + body), 400, "MISSING_ARGUMENTS:sign_version")
        }
    }

    @Test func expectContinueIsAnswered() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            let (contentType, body) = FormBody.multipart([("sign_version", .text("hmac_sha1")),
                                                          ("sign", .text(Signer.sign(client.credentials)))])
            let connection = try RawConnection(port: server.port)
            try connection.send(Array(("POST \(Self.path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n").utf8))
            let interim = try await FaceClient.offload { try connection.receive(until: "\r\n\r\n") }
            #expect(String(decoding: interim, as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue"))
            try connection.send(body)
            let reply = try #require(HTTPReply(interim + (try await FaceClient.offload { try connection.receiveAll() })))
            expectSuccess(reply, fields: ["group_infos"])
        }
    }
}
