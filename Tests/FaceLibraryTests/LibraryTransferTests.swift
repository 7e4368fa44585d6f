import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

@Suite struct LibraryTransferTests {
    @Test func exportThenImportElsewhereRecreatesTheLibraryExactly() async throws {
        let fixture = try await OpsFixture(faces: 25)
        defer { fixture.directory.remove() }
        let archive = fixture.file("g.jsonl")
        let exported = try await fixture.data.exportLibrary(apiKey: fixture.apiKey, groupID: "g", to: archive)
        #expect(exported.faces == 25 && exported.modelVersion == "s21")
        let attributes = try FileManager.default.attributesOfItem(atPath: archive)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(!FileManager.default.fileExists(atPath: archive + ".partial"))

        // Another deployment: tokens, users, data, times and embeddings all come across.
        let other = try TemporaryDirectory(prefix: "ops-other")
        defer { other.remove() }
        let target = try await DataDirectory.open(other.path)
        let credentials = try await target.services.apps.createApp(name: "receiver")
        let imported = try await target.importLibrary(apiKey: credentials.apiKey, groupID: "moved", from: archive,
                                                      newTokens: false)
        #expect(imported.faces == 25 && imported.tokensKept)
        #expect(try await fixture.faces("moved", apiKey: credentials.apiKey, in: target) == fixture.faces("g"))
        let receiver = try await OpsFixture.app(target, credentials.apiKey)
        let library = try await target.services.libraries.library("moved", for: receiver)
        #expect(library.name == "name of g" && library.data == "data of g" && library.faceCount == 25)

        // Exported again from there, the face lines are byte for byte the same: embeddings are bit-exact.
        let again = fixture.file("again.jsonl")
        _ = try await target.exportLibrary(apiKey: credentials.apiKey, groupID: "moved", to: again)
        #expect(try Self.lines(archive).dropFirst().dropLast() == Self.lines(again).dropFirst().dropLast())
    }

    @Test func importIntoAnotherAppOfTheSameDeploymentNeedsNewTokens() async throws {
        let fixture = try await OpsFixture(faces: 4)
        defer { fixture.directory.remove() }
        let archive = fixture.file("g.jsonl")
        _ = try await fixture.data.exportLibrary(apiKey: fixture.apiKey, groupID: "g", to: archive)
        let second = try await fixture.data.services.apps.createApp(name: "second")
        await #expect(throws: LibraryTransferError.self) {
            try await fixture.data.importLibrary(apiKey: second.apiKey, groupID: "g", from: archive, newTokens: false)
        }
        #expect(try await fixture.data.services.apps.summary(apiKey: second.apiKey).libraryCount == 0)
        let imported = try await fixture.data.importLibrary(apiKey: second.apiKey, groupID: "g", from: archive, newTokens: true)
        #expect(!imported.tokensKept)
        let original = try await fixture.faces("g")
        let copy = try await fixture.faces("g", apiKey: second.apiKey)
        #expect(copy.map(\.userData) == original.map(\.userData) && copy.map(\.addTime) == original.map(\.addTime))
        #expect(Set(copy.map(\.faceToken)).isDisjoint(with: original.map(\.faceToken)))
    }

    @Test func archiveOfAnotherModelIsRefusedWithAClearMessage() async throws {
        let fixture = try await OpsFixture(faces: 2)
        defer { fixture.directory.remove() }
        let archive = try await exported(fixture)
        try Self.rewrite(archive) { lines in
            lines[0] = lines[0].replacingOccurrences(of: "\"model_version\":\"s21\"", with: "\"model_version\":\"s99\"")
        }
        let error = await importError(fixture, archive)
        #expect(error == .modelNotSupported(fileModel: "s99", supported: ["s21"]))
        let message = error.map(String.init(describing:)) ?? ""
        #expect(message.contains("model s99") && message.contains("s21") && message.contains("re-enrol"), "\(message)")
    }

    @Test func damagedArchivesAreRefusedBeforeAnythingIsWritten() async throws {
        let fixture = try await OpsFixture(faces: 3)
        defer { fixture.directory.remove() }
        let cases: [(String, (inout [String]) -> Void, Bool, LibraryTransferError)] = [
            ("newer format", { $0[0] = $0[0].replacingOccurrences(of: "\"format_version\":1", with: "\"format_version\":2") },
             true, .newerFormat(2)),
            ("not an archive", { $0[0] = "{\"hello\":1}" }, true, .notAnArchive("line 1 is not a header (missing format)")),
            ("altered face", { $0[2] = $0[2].replacingOccurrences(of: "seed 1", with: "seed 9") }, false, .checksumMismatch),
            ("short embedding", { $0[1] = Self.replacingEmbedding(in: $0[1], with: "AAAA") }, true,
             .invalidLine(2, "embedding is not base64 of 128 float32 values")),
            ("bad user_id", { $0[3] = $0[3].replacingOccurrences(of: "\"user_id\":\"user\"", with: "\"user_id\":\"a b\"") },
             true, .invalidLine(4, "user_id is not a valid identifier")),
            ("missing trailer", { $0.removeLast() }, false,
             .truncated("it ends after 3 of 3 faces, without its trailer line")),
            ("missing face", { $0.remove(at: 2) }, true,
             .invalidLine(4, "the trailer comes after 2 faces; the header announces 3")),
            ("broken face", { $0[2] = "{\"face_token\":1}" }, true, .invalidLine(3, "not a face line (missing embedding)")),
            ("text after trailer", { $0.append("{}") }, false, .invalidLine(6, "unexpected text after the trailer")),
        ]
        for (name, damage, fixChecksum, expected) in cases {
            let archive = try await exported(fixture, name: name)
            try Self.rewrite(archive, fixChecksum: fixChecksum, damage)
            let error = await importError(fixture, archive)
            #expect(error == expected, "\(name): \(String(describing: error))")
        }
        let cut = try await exported(fixture, name: "cut")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cut))
        try bytes.dropLast(5).write(to: URL(fileURLWithPath: cut))
        #expect(await importError(fixture, cut) == .truncated("the last line has no line feed (cut off?)"))
        #expect(try await fixture.data.services.apps.summary(apiKey: fixture.apiKey).libraryCount == 1)
    }

    @Test func quotasAndNamesAreEnforced() async throws {
        let fixture = try await OpsFixture(faces: 3, quotas: AppQuotas(maxGroups: 10, maxFaces: 5))
        defer { fixture.directory.remove() }
        let archive = try await exported(fixture)
        #expect(await importError(fixture, archive, group: "g") == .groupExists("g"))
        #expect(await importError(fixture, archive, group: "no spaces") == .invalidGroupID("no spaces"))
        #expect(await importError(fixture, archive, group: "copy") == .faceLimitReached(5))
        await #expect(throws: LibraryTransferError.unknownGroup("none")) {
            try await fixture.data.exportLibrary(apiKey: fixture.apiKey, groupID: "none", to: fixture.file("x"))
        }
        await #expect(throws: LibraryTransferError.fileExists(archive)) {
            try await fixture.data.exportLibrary(apiKey: fixture.apiKey, groupID: "g", to: archive)
        }
    }

    // MARK: - Helpers

    private func exported(_ fixture: OpsFixture, name: String = "g") async throws -> String {
        let path = fixture.file("\(name.replacingOccurrences(of: " ", with: "-")).jsonl")
        _ = try await fixture.data.exportLibrary(apiKey: fixture.apiKey, groupID: "g", to: path)
        return path
    }

    private func importError(_ fixture: OpsFixture, _ archive: String, group: String = "copy") async -> LibraryTransferError? {
        do {
            _ = try await fixture.data.importLibrary(apiKey: fixture.apiKey, groupID: group, from: archive, newTokens: true)
            return nil
        } catch {
            return error as? LibraryTransferError
        }
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Applies `damage` to the lines of an archive; with `fixChecksum` the
    /// trailer's sha256 is recomputed, so only the damage itself is judged.
    static func rewrite(_ path: String, fixChecksum: Bool = true, _ damage: (inout [String]) -> Void) throws {
        var lines = try lines(path)
        damage(&lines)
        if fixChecksum, let last = lines.last, last.hasPrefix("{\"end\"") {
            let body = lines.dropLast().map { $0 + "\n" }.joined()
            let sha = Checksum.sha256Hex(Array(body.utf8))
            lines[lines.count - 1] = last.replacingOccurrences(
                of: #""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"\(sha)\"", options: .regularExpression)
        }
        try (lines.map { $0 + "\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func replacingEmbedding(in line: String, with value: String) -> String {
        line.replacingOccurrences(of: #""embedding":"[^"]*""#, with: "\"embedding\":\"\(value)\"", options: .regularExpression)
    }
}
