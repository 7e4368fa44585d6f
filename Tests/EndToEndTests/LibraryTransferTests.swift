import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

/// `facectl export` of a live library, `facectl import` into another app and
/// into another deployment, through the real binaries.
@Suite struct LibraryTransferEndToEndTests {
    @Test func exportImportRecreatesTheLibraryForAnotherAppAndDeployment() async throws {
        let scratch = try TemporaryDirectory(prefix: "face-e2e-transfer")
        defer { scratch.remove() }
        try await withServer { source in
            let owner = try await source.createApp(name: "owner")
            try await source.client(owner).call("create", [("group_id", "staff"), ("group_name", "Staff"),
                                                           ("group_data", "floor 3")]).expectOK()
            _ = try await FaceSeeder.addFaces(count: 40, to: "staff", of: owner.apiKey, in: source.dataDirectory,
                                              userID: "employee", randomEmbeddings: true)
            let archive = scratch.appending("staff.jsonl")
            let exported = try await facectl(source, "export", "--api-key", owner.apiKey, "--group", "staff", archive)
            #expect(exported["faces"]?.int == 40)
            #expect(exported["model_version"]?.string == "s21")
            let original = try await Self.describe(source.client(owner), "staff")

            // Into another app of the same deployment: new tokens, same faces.
            let colleague = try await source.createApp(name: "colleague")
            let refused = try await Facectl.run(["import", "--api-key", colleague.apiKey, "--group", "copy", archive],
                                                dataDirectory: source.dataDirectory)
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("--new-tokens"))
            let copied = try await facectl(source, "import", "--api-key", colleague.apiKey, "--group", "copy",
                                           "--new-tokens", archive)
            #expect(copied["faces"]?.int == 40)
            #expect(copied["face_tokens"]?.string == "new")
            let copy = try await Self.describe(source.client(colleague), "copy")
            #expect(copy.info == original.info)
            #expect(copy.rests == original.rests)
            #expect(Set(copy.tokens).isDisjoint(with: original.tokens))

            // Into another deployment: everything, tokens included, is the same.
            let target = ServerProcess(dataDirectory: scratch.appending("other-deployment"))
            try await target.start()
            let receiver = try await target.createApp(name: "receiver")
            _ = try await facectl(target, "import", "--api-key", receiver.apiKey, "--group", "staff", archive)
            let moved = try await Self.describe(target.client(receiver), "staff")
            #expect(moved == original)
            let token = try #require(original.tokens.first)
            expectSuccess(try await target.client(receiver).call("face_info", [("group_id", "staff"), ("face_token", token)]),
                          fields: ["info"])
            // Embeddings: an export from the new deployment carries the same face lines, byte for byte.
            let again = scratch.appending("again.jsonl")
            _ = try await facectl(target, "export", "--api-key", receiver.apiKey, "--group", "staff", again)
            #expect(try Self.faceLines(again) == Self.faceLines(archive))
            #expect(try await target.stop() == 0)
        }
    }

    /// Real photos enrolled through `add`, exported, imported into another app
    /// of the running server and into another running deployment: each
    /// held-back photo gets the same ranking everywhere, without a restart.
    @Test func importedLibrariesAnswerSearchesAsTheOriginal() async throws {
        let scratch = try TemporaryDirectory(prefix: "face-e2e-transfer")
        defer { scratch.remove() }
        let enrolled = [("obama", "obama.jpg"), ("obama", "obama2.jpg"), ("woman", "woman_01.png"),
                        ("woman", "woman_02.png"), ("biden", "biden.jpg"), ("astronaut", "astronaut.png")]
        let heldBack = ["obama3.jpg", "woman_04.png", "Tom_Hanks_54745.png"]
        try await withServer { source in
            let owner = source.client(try await source.createApp(name: "owner"))
            try await owner.createLibrary("people")
            for (user, photo) in enrolled { _ = try await owner.addFace(photo, user: user, to: "people") }
            let archive = scratch.appending("people.jsonl")
            _ = try await facectl(source, "export", "--api-key", owner.credentials.apiKey, "--group", "people", archive)

            // Both imports land while the servers run; neither is restarted.
            let colleague = try await source.createApp(name: "colleague")
            _ = try await facectl(source, "import", "--api-key", colleague.apiKey, "--group", "copy", "--new-tokens", archive)
            let target = ServerProcess(dataDirectory: scratch.appending("other-deployment"))
            try await target.start()
            let receiver = try await target.createApp(name: "receiver")
            _ = try await facectl(target, "import", "--api-key", receiver.apiKey, "--group", "people", archive)

            for photo in heldBack {
                let original = try await Self.ranking(owner, photo, "people")
                #expect(original.count == enrolled.count)
                let moved = try await Self.ranking(target.client(receiver), photo, "people")
                #expect(moved == original, "\(photo)")
                // New tokens in the copy: the same users and confidences in the same order.
                let copied = try await Self.ranking(source.client(colleague), photo, "copy")
                #expect(copied.map(\.user) == original.map(\.user) && copied.map(\.confidence) == original.map(\.confidence),
                        "\(photo)")
            }
            #expect(try await target.stop() == 0)
        }
    }

    /// One search's results: token, user and confidence, best first.
    struct Ranked: Equatable {
        let token: String
        let user: String
        let confidence: Double
    }

    static func ranking(_ client: FaceClient, _ photo: String, _ group: String) async throws -> [Ranked] {
        let results = try #require(try await client.search(photo, in: group, limit: 10)["results"]?.array)
        return results.map {
            Ranked(token: $0["face_token"]?.string ?? "", user: $0["user_id"]?.string ?? "",
                   confidence: $0["confidence"]?.number ?? -1)
        }
    }

    @Test func archiveOfAnotherModelVersionIsRefused() async throws {
        let scratch = try TemporaryDirectory(prefix: "face-e2e-transfer")
        defer { scratch.remove() }
        try await withServer { server in
            let owner = try await server.createApp()
            try await server.client(owner).createLibrary("g")
            _ = try await FaceSeeder.addFaces(count: 2, to: "g", of: owner.apiKey, in: server.dataDirectory)
            let archive = scratch.appending("g.jsonl")
            _ = try await facectl(server, "export", "--api-key", owner.apiKey, "--group", "g", archive)
            var text = try String(contentsOfFile: archive, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"model_version\":\"s21\"", with: "\"model_version\":\"s30\"")
            try text.write(toFile: archive, atomically: true, encoding: .utf8)
            let result = try await Facectl.run(["import", "--api-key", owner.apiKey, "--group", "h", archive],
                                               dataDirectory: server.dataDirectory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("the archive's embeddings come from model s30, but this deployment embeds with s21"),
                    "\(result)")
            expectFailure(try await server.client(owner).call("get_size", [("group_id", "h")]), 400, "INVALID_GROUP_ID")
        }
    }

    /// A library as the API shows it: group_info without its group_id, each face's token, and the rest of each face.
    struct Described: Equatable {
        let info: JSONNode?
        let tokens: [String]
        /// user_id, user_data and add_time of each face, as JSON text.
        let rests: [[String]]
    }

    static func describe(_ client: FaceClient, _ group: String) async throws -> Described {
        var info: JSONNode? = try await client.call("group_info", [("group_id", group)]).json?["info"]
        if case .object(var members)? = info {
            members["group_id"] = nil
            info = .object(members)
        }
        let list: [JSONNode] = try await client.call("list", [("group_id", group), ("limit", "1000")]).json?["face_tokens"]?.array ?? []
        let tokens: [String] = list.map { $0["face_token"]?.string ?? "" }
        let rests: [[String]] = list.map { face in
            ["user_id", "user_data", "add_time"].map { key in face[key]?.description ?? "null" }
        }
        return Described(info: info, tokens: tokens, rests: rests)
    }

    static func faceLines(_ path: String) throws -> [Substring] {
        Array(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().dropLast())
    }
}

extension HTTPReply {
    /// Expects a 200 reply.
    func expectOK(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 200, "\(self)", sourceLocation: sourceLocation)
    }
}
