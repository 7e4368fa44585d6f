import Foundation
import Testing
import FaceAPI
import FaceLibrary
import FaceTestSupport
import ReplyChecks

/// `add` and `search` answers as the contract shapes them, with the fake
/// model: the same photo matches at 100, another photo does not; the
/// library's index follows adds, deletes and frees at once.
@Suite struct AddSearchContractTests {
    @Test(arguments: TestBackend.allCases)
    func answersHaveTheContractShape(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let added = expectSuccess(
                try await client.call("add", parts: [("group_id", .text("g")), ("file", try TestPhotos.part("obama.jpg")),
                                                     ("user_id", .text("barack")), ("user_data", .text("44th"))]),
                fields: ["group_id", "face_token", "user_id", "user_data", "face_count", "face_rectangle"])
            #expect(added["group_id"]?.string == "g" && added["user_id"]?.string == "barack")
            #expect(added["user_data"]?.string == "44th" && added["face_count"]?.int == 1)
            #expect(added["face_token"]?.string?.wholeMatch(of: /[0-9a-f]{32}/) != nil)
            // The box is the model's, field by field.
            let box = try await api.model.largestFace(of: try TestPhotos.bytes("obama.jpg"), multiOrientedDetection: false).box
            #expect(added["face_rectangle"] == .object(["top": .number(Double(box.top)), "left": .number(Double(box.left)),
                                                        "width": .number(Double(box.width)),
                                                        "height": .number(Double(box.height))]))
            #expect(box.left != box.top)

            let base64 = Data(try TestPhotos.bytes("obama.jpg")).base64EncodedString()
            let reply = try await client.call("search", parts: [("group_id", .text("g")), ("image", .text(base64))])
            let found = expectSuccess(reply, fields: ["results", "thresholds", "face_rectangle"])
            #expect(found["results"]?.array?.count == 1)
            #expect(found["results"]?[0]?.keys == ["face_token", "user_id", "user_data", "confidence"])
            #expect(found["results"]?[0]?["face_token"] == added["face_token"])
            #expect(found["results"]?[0]?["confidence"]?.number == 100)
            #expect(found["face_rectangle"] == added["face_rectangle"])
            #expect(found["thresholds"] == .object(["1e-3": .number(75), "1e-4": .number(80), "1e-5": .number(85),
                                                     "1e-6": .number(90)]))
            // Integral values as the README shows them, so clients reading them as integers work.
            #expect(String(decoding: reply.body, as: UTF8.self).contains(#""thresholds":{"1e-3":75,"1e-4":80,"1e-5":85,"1e-6":90}"#),
                    "\(reply)")

            try await client.createLibrary("empty")
            #expect(try await client.search("obama.jpg", in: "empty", limit: 3)["results"] == .array([]))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theFaceCountAndTheListFollowAdds(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            var tokens: [String] = []
            for (index, photo) in ["obama.jpg", "biden.jpg", "obama.jpg"].enumerated() {
                let reply = try await client.call("add", parts: [("group_id", .text("g")), ("file", try TestPhotos.part(photo)),
                                                                 ("user_id", .text("u\(index)"))])
                #expect(reply.json?["face_count"]?.int == index + 1, "\(reply)")
                tokens.append(try #require(reply.json?["face_token"]?.string))
            }
            #expect(Set(tokens).count == 3)
            let listed = try await client.call("list", [("group_id", "g")]).json?["face_tokens"]?.array
            #expect(listed?.compactMap { $0["face_token"]?.string } == tokens)
            #expect(listed?.compactMap { $0["user_id"]?.string } == ["u0", "u1", "u2"])
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 3)
        }
    }

    @Test func resultsAreRankedAndCutByLimitAndThreshold() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let twin = try await client.addFace("obama.jpg", user: "twin", to: "g")
            for photo in ["biden.jpg", "woman_01.png", "man_01.png"] { _ = try await client.addFace(photo, user: "other", to: "g") }

            let all = try #require(try await client.search("obama.jpg", in: "g", limit: 10)["results"]?.array)
            #expect(all.count == 4 && all.first?["face_token"]?.string == twin)
            let confidences = all.compactMap { $0["confidence"]?.number }
            #expect(confidences == confidences.sorted(by: >) && confidences.allSatisfy { (0...100).contains($0) })
            #expect(confidences.dropFirst().allSatisfy { $0 < 75 })

            #expect(try await client.search("obama.jpg", in: "g", limit: 2)["results"]?.array?.count == 2)
            // Only results strictly above the threshold.
            let strict = try await client.search("obama.jpg", in: "g", limit: 10, threshold: 99.5)["results"]?.array
            #expect(strict?.compactMap { $0["face_token"]?.string } == [twin])
            #expect(try await client.search("obama.jpg", in: "g", limit: 10, threshold: 100)["results"] == .array([]))
            #expect(try await client.search("biden.jpg", in: "g", limit: 1)["results"]?[0]?["user_id"]?.string == "other")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func deletedFacesLeaveSearchAtOnce(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let first = try await client.addFace("obama.jpg", user: "obama", to: "g")
            let second = try await client.addFace("obama.jpg", user: "obama", to: "g")
            _ = try await client.addFace("biden.jpg", user: "biden", to: "g")
            let deleted = try await client.call("delete", [("group_id", "g"), ("face_tokens", first)])
            #expect(deleted.json?["face_removed"]?.int == 1 && deleted.json?["face_count"]?.int == 2)
            let tokens = try await client.search("obama.jpg", in: "g", limit: 10)["results"]?.array?
                .compactMap { $0["face_token"]?.string } ?? []
            #expect(tokens.count == 2 && tokens.first == second && !tokens.contains(first))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func freeingALibraryRemovesItsVectors(_ backend: TestBackend) async throws {
        try await withAPI(backend: backend) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            _ = try await client.addFace("obama.jpg", user: "obama", to: "g")
            expectFailure(try await client.call("free", [("group_id", "g")]), 400, "NOT_EMPTY")
            #expect(try await client.call("free", [("group_id", "g"), ("check_empty", "0")]).status == 200)
            try await client.createLibrary("g")
            #expect(try await client.search("obama.jpg", in: "g", limit: 5)["results"] == .array([]))
        }
    }

    @Test func imagesArriveAsFilesBase64OrDataURLs() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let photo = try TestPhotos.bytes("obama.jpg")
            let base64 = Data(photo).base64EncodedString()
            let wrapped = Data(photo).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                                   .endLineWithLineFeed])
            let token = try await client.addFace("obama.jpg", user: "u", to: "g")
            let images: [(String, FormBody.Part)] = [
                ("image", .text(base64)), ("image", .text("data:image/jpeg;base64," + base64)), ("image", .text(wrapped)),
                ("image", .file(name: "photo.jpg", bytes: photo)), ("file", .file(name: "photo.jpg", bytes: photo)),
            ]
            for image in images {
                let reply = try await client.call("search", parts: [("group_id", .text("g")), image])
                #expect(reply.json?["results"]?[0]?["face_token"]?.string == token, "\(image.0): \(reply)")
            }
            // urlencoded: a client that leaves `+` unescaped sends spaces, which are read back as `+`.
            for text in [base64, base64.replacingOccurrences(of: "+", with: " ")] {
                let reply = try await client.call("search", [("group_id", "g"), ("image", text)], encoding: .urlencoded)
                #expect(reply.json?["results"]?[0]?["face_token"]?.string == token, "\(reply)")
            }
        }
    }

    @Test func multiOrientedDetectionIsPassedToTheModel() async throws {
        try await withAPI { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let photo = try TestPhotos.part("obama.jpg")
            for (flag, expected) in [(nil, false), ("1", true), ("0", false)] as [(String?, Bool)] {
                let extra: [(String, FormBody.Part)] = flag.map { [("multi_oriented_detection", .text($0))] } ?? []
                #expect(try await client.call("add", parts: [("group_id", .text("g")), ("file", photo), ("user_id", .text("u"))]
                    + extra).status == 200)
                #expect(api.model.lastMultiOrientedDetection == expected)
                #expect(try await client.call("search", parts: [("group_id", .text("g")), ("file", photo)] + extra).status == 200)
                #expect(api.model.lastMultiOrientedDetection == expected)
            }
        }
    }

    @Test func aFloodBeyondTheModelsQueueIsRefusedAtOnce() async throws {
        var settings = APISettings.defaults
        settings.maxConcurrentRequestsPerApp = 0
        let model = try FakeFaceModel(capacity: 4)
        try await withAPI(settings: settings, model: model) { api in
            let client = try await api.newClient()
            try await client.createLibrary("g")
            let photo = try TestPhotos.part("obama.jpg")
            api.model.hold()
            let waiting = (0..<4).map { _ in
                Task { try await client.call("search", parts: [("group_id", .text("g")), ("file", photo)]) }
            }
            while api.model.load.waiting < 4 { try await Task.sleep(for: .milliseconds(5)) }
            // Refused while the four wait, without waiting for them.
            for _ in 0..<3 {
                expectFailure(try await client.call("search", parts: [("group_id", .text("g")), ("file", photo)]),
                              403, "CONCURRENCY_LIMIT_EXCEEDED")
                expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("file", photo),
                                                                   ("user_id", .text("u"))]),
                              403, "CONCURRENCY_LIMIT_EXCEEDED")
            }
            // Requests that need no analysis are served meanwhile.
            expectSuccess(try await client.call("get_size", [("group_id", "g")]), fields: ["group_id", "face_count"])
            api.model.release()
            for request in waiting {
                expectSuccess(try await request.value, fields: ["results", "thresholds", "face_rectangle"])
            }
            #expect(api.model.analysesStarted == 4)
            #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == 0)
        }
    }

    @Test func theAppsConcurrencyCapRefusesItsExtraRequests() async throws {
        var settings = APISettings.defaults
        settings.maxConcurrentRequestsPerApp = 2
        try await withAPI(settings: settings) { api in
            let alice = try await api.newClient(name: "alice")
            let bob = try await api.newClient(name: "bob")
            try await alice.createLibrary("g")
            let photo = try TestPhotos.part("obama.jpg")
            api.model.hold()
            let held = (0..<2).map { _ in Task { try await alice.call("search", parts: [("group_id", .text("g")), ("file", photo)]) } }
            while api.model.load.waiting < 2 { try await Task.sleep(for: .milliseconds(5)) }
            expectFailure(try await alice.call("group_list"), 403, "CONCURRENCY_LIMIT_EXCEEDED")
            expectSuccess(try await bob.call("group_list"), fields: ["group_infos"])
            api.model.release()
            for request in held { #expect(try await request.value.status == 200) }
            expectSuccess(try await alice.call("group_list"), fields: ["group_infos"])
        }
    }
}
