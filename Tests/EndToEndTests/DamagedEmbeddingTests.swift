import FaceStore
import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

/// Embeddings that are not finite unit vectors (a ×10 copy of a face answers
/// confidence 100 for a 0.97 cosine): `facectl import` refuses them and
/// `facectl check` reports those already stored (issue 15, item 7).
@Suite struct DamagedEmbeddingTests {
    @Test func importRefusesAndCheckReportsDamagedEmbeddings() async throws {
        let scratch = try TemporaryDirectory(prefix: "face-e2e-damaged")
        defer { scratch.remove() }
        try await withServer { server in
            let owner = try await server.createApp()
            try await server.client(owner).createLibrary("g")
            let tokens = try await FaceSeeder.addFaces(count: 3, to: "g", of: owner.apiKey, in: server.dataDirectory,
                                                       randomEmbeddings: true)
            let archive = scratch.appending("g.jsonl")
            _ = try await facectl(server, "export", "--api-key", owner.apiKey, "--group", "g", archive)
            #expect(try await facectl(server, "check")["healthy"] == .bool(true))

            let damages: [(String, ([Float]) -> [Float], String)] = [
                ("scaled", { $0.map { $0 * 10 } }, "line 2: embedding has length 10, not 1"),
                ("zero", { $0.map { _ in 0 } }, "line 2: embedding has length 0, not 1"),
                ("huge", { $0.indices.map { Float($0 % 2 == 0 ? 3e38 : -3e38) } }, "line 2: embedding has length 3.39411e+39, not 1"),
            ]
            for (name, damage, message) in damages {
                let damaged = scratch.appending("\(name).jsonl")
                try Self.rewriteFirstEmbedding(of: archive, to: damaged, damage)
                let result = try await Facectl.run(["import", "--api-key", owner.apiKey, "--group", name, damaged],
                                                   dataDirectory: server.dataDirectory)
                #expect(result.status == 1, "\(name): \(result)")
                #expect(result.stderr.contains(message), "\(name): \(result)")
                expectFailure(try await server.client(owner).call("get_size", [("group_id", name)]), 400, "INVALID_GROUP_ID")
            }

            // Stored before this release refused them: check names the library and the face.
            let stored = try EmbeddingCodec.encode(Self.embedding(ofFirstFaceIn: archive).map { $0 * 10 })
            let lock = try DatabaseLock(dataDirectory: server.dataDirectory)
            try lock.execute("UPDATE faces SET embedding = x'\(stored.map { String(format: "%02x", $0) }.joined())' "
                             + "WHERE face_token = '\(tokens[0])'")
            lock.release()
            let check = try await Facectl.run(["check"], dataDirectory: server.dataDirectory)
            #expect(check.status == 2, "\(check)")
            let report = try #require(check.jsonLines.first)
            #expect(report["healthy"] == .bool(false))
            #expect(report["problems"]?[0]?["check"]?.string == "embedding_values", "\(report)")
            let message = report["problems"]?[0]?["message"]?.string ?? ""
            #expect(message == "\(owner.apiKey)/g: 1 faces have embeddings that are not of unit length "
                    + "(length 10; e.g. face_token \(tokens[0]))", "\(message)")
        }
    }

    /// The archive's first face's embedding.
    static func embedding(ofFirstFaceIn archive: String) throws -> [Float] {
        let lines = try String(contentsOfFile: archive, encoding: .utf8).split(separator: "\n")
        let face = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let bytes = try #require(Data(base64Encoded: face["embedding"] as? String ?? ""))
        return EmbeddingCodec.decode([UInt8](bytes))
    }

    /// Copies `archive` to `path` with its first face's embedding replaced by
    /// `damage` of it and the trailer's sha256 recomputed, so that only the
    /// embedding is wrong.
    static func rewriteFirstEmbedding(of archive: String, to path: String, _ damage: ([Float]) -> [Float]) throws {
        var lines = try String(contentsOfFile: archive, encoding: .utf8).split(separator: "\n").map(String.init)
        let base64 = Data(EmbeddingCodec.encode(damage(try embedding(ofFirstFaceIn: archive)))).base64EncodedString()
        lines[1] = lines[1].replacingOccurrences(of: #""embedding":"[^"]*""#, with: "\"embedding\":\"\(base64)\"",
                                                 options: .regularExpression)
        let body = lines.dropLast().map { $0 + "\n" }.joined()
        lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(
            of: #""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"\(Checksum.sha256Hex(Array(body.utf8)))\"",
            options: .regularExpression)
        try lines.map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
    }
}
