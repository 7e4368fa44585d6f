import Foundation
import ImageDecoding
import Testing
import FaceTestSupport
import ReplyChecks

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
                    let reply = try await client.call("add", parts: [("group_id", .text("people")),
                                                                     ("file", try TestPhotos.part(photo)),
                                                                     ("user_id", .text(person.user))])
                    tokens[try #require(reply.json?["face_token"]?.string, "\(photo): \(reply)")] = person.user
                    if photo == "obama.jpg" {
                        // dlib's box for this photo is (375, 154) 237×237.
                        let box = try #require(reply.json?["face_rectangle"])
                        #expect([box["left"]?.int, box["top"]?.int, box["width"]?.int, box["height"]?.int] == [375, 154, 237, 237])
                    }
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
