import Foundation
import Testing
import FaceTestSupport

/// Hostile inputs beyond HostileRequestTests and AddSearchValidationTests:
/// each gets its documented 4xx, the library is unchanged, the server stays
/// up and small.
@Suite struct HostileInputTests {
    /// Far below what a 60000×60000 image would need (10.8 GB of RGB).
    private static let memoryCeilingKiB = 2 * 1024 * 1024

    @Test func imagesWithLyingHeadersOrCutShortAreRefusedCheaply() async throws {
        let jpeg = try TestPhotos.bytes("obama.jpg")
        let png = try TestPhotos.bytes("Tom_Hanks_54745.png")
        let images: [(String, [UInt8], String)] = [
            ("huge.jpg", HostileBytes.jpeg(jpeg, claiming: 60000, 60000), "INVALID_IMAGE_SIZE"),
            ("huge.png", HostileBytes.png(png, claiming: 60000, 60000), "INVALID_IMAGE_SIZE"),
            ("cut.png", Array(png.prefix(png.count / 2)), "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
            ("header-only.jpg", Array(jpeg.prefix(600)), "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
            ("empty.jpg", [], "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
            ("random.png", HostileBytes.random(count: 4000, seed: 11), "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
            ("random-after-magic.png", HostileBytes.random(count: 4000, seed: 12, prefix: Array(png.prefix(8))),
             "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
            ("animated.gif", Array("GIF89a".utf8) + [0x40, 0, 0x40, 0, 0x80, 0, 0] + [UInt8](repeating: 0, count: 200),
             "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
        ]
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            for (name, bytes, error) in images {
                let base64 = FormBody.Part.text(Data(bytes).base64EncodedString())
                for (field, image) in [("file", FormBody.Part.file(name: name, bytes: bytes)), ("image", base64)] {
                    expectFailure(try await client.call("add", parts: [("group_id", .text("g")), (field, image),
                                                                       ("user_id", .text("u"))]),
                                  400, "\(error):\(field)")
                    expectFailure(try await client.call("search", parts: [("group_id", .text("g")), (field, image)]),
                                  400, "\(error):\(field)")
                }
            }
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 0)
            let peak = try #require(server.memoryKiB())
            #expect(peak < Self.memoryCeilingKiB, "peak RSS \(peak) KiB")
        }
    }

    @Test func hostileFieldsAreRefusedAndChangeNothing() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            let token = try await client.addFace("obama.jpg", user: "kept", to: "g")
            let invalidUTF8: [UInt8] = [0x67, 0xFF, 0xFE, 0xC0, 0x80]
            let cases: [(String, [(String, FormBody.Part)], String)] = [
                ("group_info", [("group_id", .raw(invalidUTF8))], "BAD_ARGUMENTS:group_id"),
                ("create", [("group_id", .text("n")), ("group_name", .raw(invalidUTF8))], "BAD_ARGUMENTS:group_name"),
                ("get_size", [("group_id", .text("g' OR '1'='1"))], "BAD_ARGUMENTS:group_id"),
                ("list", [("group_id", .text("g\"; DROP TABLE faces; --"))], "BAD_ARGUMENTS:group_id"),
                ("face_info", [("group_id", .text("g")), ("face_token", .text("' OR 1=1 --"))], "BAD_ARGUMENTS:face_token"),
                ("face_info", [("group_id", .text("g")), ("face_token", .raw(invalidUTF8))], "BAD_ARGUMENTS:face_token"),
                // The first of repeated fields counts.
                ("get_size", [("group_id", .text("nope")), ("group_id", .text("g"))], "INVALID_GROUP_ID"),
                ("create", [("group_id", .text("n")), ("group_name", .text("N")),
                            ("group_data", .text(String(repeating: "é", count: 129)))], "BAD_ARGUMENTS:group_data"),
                ("create", [("group_id", .text(String(repeating: "x", count: 100_000))), ("group_name", .text("N"))],
                 "BAD_ARGUMENTS:group_id"),
            ]
            for (endpoint, parts, error) in cases {
                expectFailure(try await client.call(endpoint, parts: parts), 400, error)
            }

            // Garbage in face_tokens is reported item by item; the real token is left alone.
            let garbage = ["' OR '1'='1", String(repeating: "f", count: 33), "G" + String(repeating: "0", count: 31),
                           "%00", "\u{202E}abc", String(repeating: "0", count: 32)]
            let deletion = try await client.call("delete", [("group_id", "g"), ("face_tokens", garbage.joined(separator: ","))])
            #expect(deletion.json?["face_removed"]?.int == 0, "\(deletion)")
            #expect(deletion.json?["failure_detail"]?.array?.compactMap { $0["reason"]?.string }
                == Array(repeating: "INVALID_FACE_TOKEN", count: 5) + ["FACE_NOT_IN_GROUP"], "\(deletion)")

            #expect(try await client.call("group_list").json?["group_infos"]?.array?.count == 1)
            #expect(try await client.call("face_info", [("group_id", "g"), ("face_token", token)]).status == 200)
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 1)
        }
    }

    @Test func hugeHeadersAreRefusedAndTheServerStaysUp() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            let path = "/finauth/search/group/group_list"
            for header in ["X-Padding: " + String(repeating: "a", count: 200_000),
                           (0..<5000).map { "X-H\($0): v" }.joined(separator: "\r\n")] {
                let reply = try await FaceClient.offload { () -> [UInt8] in
                    let connection = try RawConnection(port: client.port, timeoutSeconds: 20)
                    try? connection.send(Array("POST \(path) HTTP/1.1\r\nHost: x\r\n\(header)\r\nContent-Length: 0\r\n\r\n".utf8))
                    return (try? connection.receiveAll()) ?? []
                }
                // Either a 4xx or a closed connection: never a 2xx, never a hang.
                if let parsed = HTTPReply(reply) {
                    #expect((400..<500).contains(parsed.status), "\(parsed)")
                }
            }
            expectSuccess(try await client.call("group_list"), fields: ["group_infos"])
        }
    }
}
