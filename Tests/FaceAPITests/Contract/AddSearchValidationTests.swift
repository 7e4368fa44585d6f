import Foundation
import Testing
import FaceLibrary
import FaceTestSupport
import ReplyChecks

/// `add` and `search` validate every argument in the contract's order, and
/// name the field that carried an image that cannot be read; a refused
/// request never reaches the model when its arguments are wrong, and stores nothing.
@Suite struct AddSearchValidationTests {
    private static let image = FormBody.Part.file(name: "photo.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])

    @Test func addChecksEveryArgumentInOrder() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let cases: [([(String, FormBody.Part)], String)] = [
                ([("group_id", .text("g")), ("user_id", .text("u"))], "MISSING_ARGUMENTS:image"),
                ([("group_id", .text("g")), ("image", .text("aGk=")), ("file", Self.image), ("user_id", .text("u"))],
                 "COEXISTENCE_ARGUMENTS"),
                ([("group_id", .text("g")), ("file", Self.image)], "MISSING_ARGUMENTS:user_id"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text("a b"))], "BAD_ARGUMENTS:user_id"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text(String(repeating: "u", count: 49)))],
                 "BAD_ARGUMENTS:user_id"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text("u")),
                  ("user_data", .text(String(repeating: "x", count: 129)))], "BAD_ARGUMENTS:user_data"),
                ([("group_id", .text("g")), ("file", Self.image), ("user_id", .text("u")),
                  ("multi_oriented_detection", .text("2"))], "BAD_ARGUMENTS:multi_oriented_detection"),
                ([("group_id", .text("nope")), ("file", Self.image), ("user_id", .text("u"))], "INVALID_GROUP_ID"),
                ([("group_id", .text("g")), ("image", .text("%%% not base64")), ("user_id", .text("u"))],
                 "IMAGE_ERROR_UNSUPPORTED_FORMAT:image"),
                ([("group_id", .text("g")), ("file", .file(name: "big.jpg", bytes: [UInt8](repeating: 1, count: 5 * 1024 * 1024 + 1))),
                  ("user_id", .text("u"))], "IMAGE_FILE_TOO_LARGE:file"),
                ([("group_id", .text("g")), ("image", .text(Data(count: 5 * 1024 * 1024 + 1).base64EncodedString())),
                  ("user_id", .text("u"))], "IMAGE_FILE_TOO_LARGE:image"),
            ]
            for (parts, error) in cases {
                expectFailure(try await client.call("add", parts: parts), 400, error)
            }
            #expect(api.model.analysesStarted == 0)
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 0)
        }
    }

    @Test func unreadableImagesNameTheirField() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            // Valid arguments reach the model, which cannot read these bytes.
            for (image, field) in [(("file", Self.image), "file"),
                                   (("image", .text("data:image/jpeg;base64,/9j/4AEC\r\nAw==")), "image"),
                                   (("image", Self.image), "image")] as [((String, FormBody.Part), String)] {
                expectFailure(try await client.call("add", parts: [("group_id", .text("g")), image, ("user_id", .text("u")),
                                                                   ("multi_oriented_detection", .text("1"))]),
                              400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:\(field)")
                expectFailure(try await client.call("search", parts: [("group_id", .text("g")), image]),
                              400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:\(field)")
            }
            #expect(api.model.analysesStarted == 6)
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func addRespectsTheFaceQuotaBeforeAnalysing(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient(quotas: AppQuotas(maxGroups: 2, maxFaces: 2))
            try await client.createLibrary("g")
            _ = try await api.seedFaces(count: 2, to: "g", of: client)
            expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("file", Self.image),
                                                              ("user_id", .text("u"))]), 400, "FACE_EXCEEDED")
            #expect(api.model.analysesStarted == 0)
            // Search is not bound by the quota.
            let photo = try TestPhotos.part("obama.jpg")
            expectSuccess(try await client.call("search", parts: [("group_id", .text("g")), ("file", photo)]),
                          fields: ["results", "thresholds", "face_rectangle"])
        }
    }

    @Test func searchChecksEveryArgumentInOrder() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let cases: [([(String, FormBody.Part)], String)] = [
                ([("group_id", .text("g"))], "MISSING_ARGUMENTS:image"),
                ([("group_id", .text("g")), ("image", .text("aGk=")), ("file", Self.image)], "COEXISTENCE_ARGUMENTS"),
                ([("group_id", .text("g")), ("file", Self.image), ("limit", .text("0"))], "BAD_ARGUMENTS:limit"),
                ([("group_id", .text("g")), ("file", Self.image), ("limit", .text("101"))], "BAD_ARGUMENTS:limit"),
                ([("group_id", .text("g")), ("file", Self.image), ("threshold", .text("100.5"))], "BAD_ARGUMENTS:threshold"),
                ([("group_id", .text("g")), ("file", Self.image), ("threshold", .text("-1"))], "BAD_ARGUMENTS:threshold"),
                ([("group_id", .text("g")), ("file", Self.image), ("threshold", .text("nan"))], "BAD_ARGUMENTS:threshold"),
                ([("group_id", .text("g")), ("file", Self.image), ("multi_oriented_detection", .text("yes"))],
                 "BAD_ARGUMENTS:multi_oriented_detection"),
                ([("group_id", .text("g")), ("file", Self.image), ("limit", .text("0")), ("threshold", .text("nan"))],
                 "BAD_ARGUMENTS:limit"),
                ([("group_id", .text("nope")), ("file", Self.image)], "INVALID_GROUP_ID"),
            ]
            for (parts, error) in cases {
                expectFailure(try await client.call("search", parts: parts), 400, error)
            }
            #expect(api.model.analysesStarted == 0)
            expectFailure(try await client.call("search", parts: [("group_id", .text("g")), ("file", Self.image),
                                                                 ("limit", .text("100")), ("threshold", .text("75.5"))]),
                          400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:file")
        }
    }

    @Test func imagesTheModelRefusesChangeNothing() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let blank = BMPWriter.encode(width: 64, height: 64, rgb: [UInt8](repeating: 128, count: 64 * 64 * 3))
            let tiny = BMPWriter.encode(width: 40, height: 40, rgb: (0..<(40 * 40 * 3)).map { UInt8($0 % 251) })
            let claimsHuge = BMPWriter.header(width: 60_000, height: 60_000, pixelBytes: 60_000 * 180_000)
            let cases: [(FormBody.Part, String)] = [
                (.file(name: "blank.bmp", bytes: blank), "NO_FACE_FOUND"),
                (.file(name: "tiny.bmp", bytes: tiny), "INVALID_IMAGE_SIZE:file"),
                (.file(name: "huge.bmp", bytes: claimsHuge), "INVALID_IMAGE_SIZE:file"),
                (.file(name: "a.gif", bytes: Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]), "IMAGE_ERROR_UNSUPPORTED_FORMAT:file"),
                (.file(name: "cut.jpg", bytes: Array(try TestPhotos.bytes("obama.jpg").prefix(5000))),
                 "IMAGE_ERROR_UNSUPPORTED_FORMAT:file"),
            ]
            for (image, error) in cases {
                expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("file", image),
                                                                   ("user_id", .text("u"))]), 400, error)
                expectFailure(try await client.call("search", parts: [("group_id", .text("g")), ("file", image)]),
                              400, error)
            }
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 0)
        }
    }

    @Test func imageSizeLimitsAreTheConfiguredOnes() async throws {
        let limits = ImageLimits(maxImageBytes: 200_000, minSide: 100, maxSide: 300)
        try await withAPI(imageLimits: limits) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            func bmp(_ width: Int, _ height: Int) -> FormBody.Part {
                .file(name: "\(width)x\(height).bmp",
                      bytes: BMPWriter.encode(width: width, height: height, rgb: (0..<(width * height * 3)).map { UInt8($0 % 253) }))
            }
            for (image, error) in [(bmp(99, 150), "INVALID_IMAGE_SIZE:file"), (bmp(150, 301), "INVALID_IMAGE_SIZE:file"),
                                   (bmp(280, 280), "IMAGE_FILE_TOO_LARGE:file")] {
                expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("file", image),
                                                                   ("user_id", .text("u"))]), 400, error)
            }
            expectSuccess(try await client.call("add", parts: [("group_id", .text("g")), ("file", bmp(100, 300)),
                                                               ("user_id", .text("u"))]),
                          fields: ["group_id", "face_token", "user_id", "user_data", "face_count", "face_rectangle"])
        }
    }

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
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let peak = try PeakMemory()
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
            // Far below what one 60000×60000 image would need (10.8 GB of RGB).
            let growth = try #require(peak.growthKiB())
            #expect(growth < 1024 * 1024, "peak RSS grew by \(growth) KiB")
        }
    }
}
