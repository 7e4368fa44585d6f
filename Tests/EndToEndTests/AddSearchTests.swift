import Foundation
import ImageDecoding
import Testing
import FaceTestSupport

/// `add` and `search` through the real server with real photos: people are
/// found again from photos held back from enrolment, strangers are not, and
/// deletes, restarts and crashes keep the library's answers right.
@Suite struct AddSearchTests {
    /// Enrolled photos per person; each person's last photo is held back for searching.
    static let people: [(user: String, enrolled: [String], heldBack: String)] = [
        ("obama", ["obama.jpg", "obama2.jpg", "obama_partial_face.jpg"], "obama3.jpg"),
        ("woman", ["woman_01.png", "woman_02.png", "woman_03.png"], "woman_04.png"),
        ("biden", ["biden.jpg"], "biden.jpg"),
        ("astronaut", ["astronaut.png"], "astronaut.png"),
    ]
    /// People in no library: their best match must stay below the 1e-3 threshold.
    static let strangers = ["man_01.png", "single_face.jpg", "Tom_Hanks_54745.png", "45-m7-di-ph.jpg"]

    @Test(arguments: TestBackend.allCases) func heldBackPhotosFindTheirPersonAndStrangersDoNot(_ backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("people")
            var tokens: [String: String] = [:]
            for person in Self.people {
                for photo in person.enrolled {
                    tokens[try await client.addFace(photo, user: person.user, to: "people")] = person.user
                }
            }
            for person in Self.people {
                let reply = try await client.search(person.heldBack, in: "people", limit: 5)
                let results = try #require(reply["results"]?.array)
                let threshold = try #require(reply["thresholds"]?["1e-3"]?.number)
                #expect(results.first?["user_id"]?.string == person.user, "\(person.heldBack): \(reply)")
                #expect((results.first?["confidence"]?.number ?? 0) > threshold, "\(person.heldBack): \(reply)")
                #expect(tokens[results.first?["face_token"]?.string ?? ""] == person.user)
                let confidences = results.compactMap { $0["confidence"]?.number }
                #expect(confidences == confidences.sorted(by: >) && confidences.count == 5)
            }
            for stranger in Self.strangers {
                let reply = try await client.search(stranger, in: "people", limit: 1)
                let best = try #require(reply["results"]?[0]?["confidence"]?.number)
                #expect(best < (try #require(reply["thresholds"]?["1e-3"]?.number)), "\(stranger): \(reply)")
                // Asking only for what passes the threshold leaves nothing.
                let strict = try await client.search(stranger, in: "people", limit: 10, threshold: 75)
                #expect(strict["results"]?.array?.isEmpty == true, "\(stranger): \(strict)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases) func answersHaveTheContractShape(_ backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            let added = expectSuccess(
                try await client.call("add", parts: [("group_id", .text("g")), ("file", try TestPhotos.part("obama.jpg")),
                                                     ("user_id", .text("barack")), ("user_data", .text("44th"))]),
                fields: ["group_id", "face_token", "user_id", "user_data", "face_count", "face_rectangle"])
            #expect(added["user_data"]?.string == "44th" && added["face_count"]?.int == 1)
            #expect(added["face_token"]?.string?.wholeMatch(of: /[0-9a-f]{32}/) != nil)
            // dlib's box for this photo is (375, 154) 237×237.
            let box = try #require(added["face_rectangle"])
            #expect([box["left"]?.int, box["top"]?.int, box["width"]?.int, box["height"]?.int] == [375, 154, 237, 237])
            let found = expectSuccess(
                try await client.call("search", parts: [("group_id", .text("g")),
                                                        ("image", .text(Data(try TestPhotos.bytes("obama2.jpg")).base64EncodedString()))]),
                fields: ["results", "thresholds", "face_rectangle"])
            #expect(found["results"]?.array?.count == 1)
            #expect(found["results"]?[0]?.keys == ["face_token", "user_id", "user_data", "confidence"])
            #expect(found["thresholds"]?.keys == ["1e-3", "1e-4", "1e-5", "1e-6"])
            #expect(found["thresholds"]?["1e-3"]?.number == 75)
            let empty = try await client.call("create", [("group_id", "empty"), ("group_name", "Empty")])
            #expect(empty.status == 200)
            #expect(try await client.search("obama.jpg", in: "empty", limit: 3)["results"]?.array?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.allCases) func deletedFacesLeaveSearchAndAnswersSurviveARestart(_ backend: TestBackend) async throws {
        let storage = try TestStorage(backend)
        defer { storage.remove() }
        var (server, client) = try await serverWithLibrary(in: storage)
        let first = try await client.addFace("obama.jpg", user: "obama", to: "g")
        _ = try await client.addFace("obama2.jpg", user: "obama", to: "g")
        _ = try await client.addFace("biden.jpg", user: "biden", to: "g")
        let deleted = try await client.call("delete", [("group_id", "g"), ("face_tokens", first)])
        #expect(deleted.json?["face_removed"]?.int == 1 && deleted.json?["face_count"]?.int == 2)
        let before = try await client.search("obama3.jpg", in: "g", limit: 10)
        let tokensBefore = before["results"]?.array?.compactMap { $0["face_token"]?.string } ?? []
        #expect(tokensBefore.count == 2 && !tokensBefore.contains(first))
        #expect(try await server.stop() == 0)

        (server, client) = try await restarted(in: storage, as: client)
        let after = try await client.search("obama3.jpg", in: "g", limit: 10)
        #expect(after["results"] == before["results"])
        #expect(try await server.stop() == 0)
    }

    @Test(arguments: TestBackend.allCases) func aFaceAcknowledgedJustBeforeSIGKILLIsThere(_ backend: TestBackend) async throws {
        let storage = try TestStorage(backend)
        defer { storage.remove() }
        var (server, client) = try await serverWithLibrary(in: storage)
        let token = try await client.addFace("astronaut.png", user: "eileen", to: "g")
        try await server.kill()

        (server, client) = try await restarted(in: storage, as: client)
        let info = try await client.call("face_info", [("group_id", "g"), ("face_token", token)])
        #expect(info.json?["info"]?["user_id"]?.string == "eileen", "\(info)")
        let found = try await client.search("astronaut.png", in: "g", limit: 1)
        #expect(found["results"]?[0]?["face_token"]?.string == token)
        #expect(try await server.stop() == 0)
    }

    @Test(arguments: TestBackend.allCases) func freeingALibraryRemovesItsVectors(_ backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            _ = try await client.addFace("obama.jpg", user: "obama", to: "g")
            expectFailure(try await client.call("free", [("group_id", "g")]), 400, "NOT_EMPTY")
            #expect(try await client.call("free", [("group_id", "g"), ("check_empty", "0")]).status == 200)
            try await client.createLibrary("g")
            #expect(try await client.search("obama2.jpg", in: "g", limit: 5)["results"]?.array?.isEmpty == true)
        }
    }

    @Test func imagesThePipelineRefusesChangeNothing() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            let tiny = BMPWriter.encode(width: 40, height: 40, rgb: [UInt8](repeating: 128, count: 40 * 40 * 3))
            let claimsHuge = BMPWriter.header(width: 60_000, height: 60_000, pixelBytes: 60_000 * 180_000)
            let cases: [(FormBody.Part, String)] = [
                (try TestPhotos.part("coffee.png"), "NO_FACE_FOUND"),
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

    @Test func multiOrientedDetectionFindsARotatedFace() async throws {
        let upright = try ImageDecoder().decode(try TestPhotos.bytes("obama.jpg"))
        let turned = upright.rotated(quarterTurnsClockwise: 1)
        let file = FormBody.Part.file(name: "turned.bmp",
                                      bytes: BMPWriter.encode(width: turned.width, height: turned.height, rgb: turned.pixels))
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("file", file),
                                                               ("user_id", .text("u"))]), 400, "NO_FACE_FOUND")
            let added = try await client.call("add", parts: [("group_id", .text("g")), ("file", file), ("user_id", .text("u")),
                                                             ("multi_oriented_detection", .text("1"))])
            #expect(added.status == 200, "\(added)")
            let found = try await client.search("obama2.jpg", in: "g", limit: 1)
            #expect((found["results"]?[0]?["confidence"]?.number ?? 0) > 75, "\(found)")
        }
    }

    /// A server on `storage` with a new app holding an empty library "g".
    private func serverWithLibrary(in storage: TestStorage) async throws -> (ServerProcess, FaceClient) {
        let server = storage.server()
        try await server.start()
        let client = server.client(try await server.createApp())
        try await client.createLibrary("g")
        return (server, client)
    }

    /// A new server process on the same storage, called as the same app.
    private func restarted(in storage: TestStorage, as client: FaceClient) async throws -> (ServerProcess, FaceClient) {
        let server = storage.server()
        try await server.start()
        return (server, server.client(client.credentials))
    }
}

extension FaceClient {
    /// Enrols the largest face of a test photo and returns its face_token.
    func addFace(_ photo: String, user: String, to groupID: String,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let reply = try await call("add", parts: [("group_id", .text(groupID)), ("file", try TestPhotos.part(photo)),
                                                  ("user_id", .text(user))])
        return try #require(reply.json?["face_token"]?.string, "\(photo): \(reply)", sourceLocation: sourceLocation)
    }

    /// Searches a library with a test photo; the whole JSON answer.
    func search(_ photo: String, in groupID: String, limit: Int, threshold: Double? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONNode {
        var parts: [(String, FormBody.Part)] = [("group_id", .text(groupID)), ("file", try TestPhotos.part(photo)),
                                                ("limit", .text(String(limit)))]
        if let threshold { parts.append(("threshold", .text(String(threshold)))) }
        let reply = try await call("search", parts: parts)
        #expect(reply.status == 200, "\(photo): \(reply)", sourceLocation: sourceLocation)
        return reply.json ?? .null
    }
}
