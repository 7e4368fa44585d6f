import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// `add` and `search` validate every argument in the contract's order, and
/// name the field that carried an image the pipeline cannot read.
@Suite struct AddSearchValidationTests {
    private static let image = FormBody.Part.file(name: "photo.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])

    @Test func addChecksEveryArgument() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            let cases: [([(String, FormBody.Part)], String)] = [
                ([("group_id", .text("g")), ("user_id", .text("u"))], "MISSING_ARGUMENTS:image"),
                ([("group_id", .text("g")), ("image", .text("aGk=")), ("file", Self.image), ("user_id", .text("u"))],
                 "COEXISTENCE_ARGUMENTS"),
                ([("group_id", .text("g")), ("file", Self.image)], "MISSING_ARGUMENTS:user_id"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text("a b"))], "BAD_ARGUMENTS:user_id"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text("u")),
                  ("user_data", .text(String(repeating: "x", count: 129)))], "BAD_ARGUMENTS:user_data"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text("u")),
                  ("multi_oriented_detection", .text("2"))], "BAD_ARGUMENTS:multi_oriented_detection"),
                ([("group_id", .text("nope")), ("file", Self.image), ("user_id", .text("u"))], "INVALID_GROUP_ID"),
                ([("group_id", .text("g")), ("image", .text("%%% not base64")), ("user_id", .text("u"))],
                 "IMAGE_ERROR_UNSUPPORTED_FORMAT:image"),
                ([("group_id", .text("g")), ("file", .file(name: "big.jpg", bytes: [UInt8](repeating: 1, count: 5 * 1024 * 1024 + 1))),
                  ("user_id", .text("u"))], "IMAGE_FILE_TOO_LARGE:file"),
            ]
            for (parts, error) in cases {
                expectFailure(try await client.call("add", parts: parts), 400, error)
            }
            // Valid arguments reach the pipeline, which cannot read these bytes.
            for (image, field) in [(("file", Self.image), "file"),
                                   (("image", .text("data:image/jpeg;base64,/9j/4AEC\r\nAw==")), "image"),
                                   (("image", Self.image), "image")] as [((String, FormBody.Part), String)] {
                expectFailure(try await client.call("add", parts: [("group_id", .text("g")), image, ("user_id", .text("u")),
                                                                   ("multi_oriented_detection", .text("1"))]),
                              400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:\(field)")
            }
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 0)
        }
    }

    @Test func addRespectsTheFaceQuota() async throws {
        try await withServer { server in
            let credentials = try await server.createApp(quotas: AppQuotas(maxGroups: 2, maxFaces: 2))
            let client = server.client(credentials)
            try await client.createLibrary("g")
            _ = try await FaceSeeder.addFaces(count: 2, to: "g", of: credentials.apiKey, in: server.dataDirectory)
            expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("file", Self.image),
                                                              ("user_id", .text("u"))]), 400, "FACE_EXCEEDED")
        }
    }

    @Test func searchChecksEveryArgument() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            let cases: [([(String, FormBody.Part)], String)] = [
                ([("group_id", .text("g"))], "MISSING_ARGUMENTS:image"),
                ([("group_id", .text("g")), ("image", .text("aGk=")), ("file", Self.image)], "COEXISTENCE_ARGUMENTS"),
                ([("group_id", .text("g")), ("file", Self.image), ("limit", .text("0"))], "BAD_ARGUMENTS:limit"),
                ([("group_id", .text("g")), ("file", Self.image), ("limit", .text("101"))], "BAD_ARGUMENTS:limit"),
                ([("group_id", .text("g")), ("file", Self.image), ("threshold", .text("100.5"))], "BAD_ARGUMENTS:threshold"),
                ([("group_id", .text("g")), ("file", Self.image), ("threshold", .text("nan"))], "BAD_ARGUMENTS:threshold"),
                ([("group_id", .text("g")), ("file", Self.image), ("multi_oriented_detection", .text("yes"))],
                 "BAD_ARGUMENTS:multi_oriented_detection"),
                ([("group_id", .text("nope")), ("file", Self.image)], "INVALID_GROUP_ID"),
            ]
            for (parts, error) in cases {
                expectFailure(try await client.call("search", parts: parts), 400, error)
            }
            expectFailure(try await client.call("search", parts: [("group_id", .text("g")), ("file", Self.image),
                                                                 ("limit", .text("100")), ("threshold", .text("75.5"))]),
                          400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:file")
        }
    }
}
