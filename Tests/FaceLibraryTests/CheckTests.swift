import Foundation
import Testing
import FaceLibrary
import FaceStore
import FaceTestSupport

@Suite struct CheckTests {
    @Test func aFreshDirectoryIsHealthy() async throws {
        let fixture = try await OpsFixture(faces: 4)
        defer { fixture.remove() }
        let report = try await fixture.data.check()
        #expect(report.isHealthy && report.apps == 1 && report.libraries == 1 && report.faces == 4)
        #expect(!report.indexesCompared)
    }

    @Test func tamperedRowsAreFound() async throws {
        let fixture = try await OpsFixture(faces: 2)
        defer { fixture.remove() }
        let lock = try DatabaseLock(dataDirectory: fixture.directory.path)
        try lock.execute("UPDATE libraries SET face_count = 5")
        try lock.execute("UPDATE faces SET embedding = x'00000000' WHERE id = (SELECT min(id) FROM faces)")
        lock.release()
        let report = try await fixture.data.check()
        let where_ = "\(fixture.apiKey)/g"
        #expect(report.problems.map(\.check) == [.faceCount, .embeddingSize])
        #expect(report.problems.first?.message == "\(where_): face_count is 5 but 2 face rows exist")
        #expect(report.problems.last?.message == "\(where_): 1 faces have 4-byte embeddings; model s21 needs 512")
    }

    /// Embeddings of the right size but wrong values (what damaged imports
    /// stored before they were refused): each library's are counted and named.
    @Test func embeddingsThatAreNotFiniteUnitVectorsAreFound() async throws {
        let fixture = try await OpsFixture(faces: 6)
        defer { fixture.directory.remove() }
        #expect(try await fixture.data.check().isHealthy)
        let faces = try await fixture.faces("g")
        let unit = EmbeddingRuleTests.unit
        let damage: [(Int, [Float])] = [(1, unit.map { $0 * 10 }), (2, [Float](repeating: 0, count: 128)),
                                        (3, [.nan] + unit.dropFirst()), (5, unit.map { $0 * 3e37 })]
        let lock = try DatabaseLock(dataDirectory: fixture.directory.path)
        for (index, embedding) in damage {
            let hex = EmbeddingCodec.encode(embedding).map { String(format: "%02x", $0) }.joined()
            try lock.execute("UPDATE faces SET embedding = x'\(hex)' WHERE face_token = '\(faces[index].faceToken)'")
        }
        lock.release()
        let report = try await fixture.data.check()
        let g = "\(fixture.apiKey)/g"
        #expect(report.problems.map(\.check) == [.embeddingValues, .embeddingValues])
        #expect(report.problems.first?.message
                == "\(g): 1 faces have embeddings holding NaN or infinite values (e.g. face_token \(faces[3].faceToken))")
        #expect(report.problems.last?.message == "\(g): 3 faces have embeddings that are not of unit length "
                + "(lengths 0 to 3e+37; e.g. face_token \(faces[1].faceToken), \(faces[2].faceToken), \(faces[5].faceToken))")
    }

    @Test func aForeignKeyFileIsFound() async throws {
        let fixture = try await OpsFixture(faces: 0)
        defer { fixture.remove() }
        let keyPath = SealingKeyFile.path(in: fixture.directory.path)
        try Data(repeating: 1, count: 32).write(to: URL(fileURLWithPath: keyPath))
        let report = try await DataDirectory.open(fixture.directory.path).check()
        #expect(report.problems.map(\.check) == [.secrets])
    }

    @Test func indexCountsAreComparedWithTheDatabase() async throws {
        let fixture = try await OpsFixture(faces: 3)
        defer { fixture.remove() }
        let g = LibraryKey(apiKey: fixture.apiKey, groupID: "g")
        #expect(try await fixture.data.check(indexVectors: [g: 3]).isHealthy)
        let report = try await fixture.data.check(indexVectors: [g: 2, LibraryKey(apiKey: "x", groupID: "y"): 1])
        #expect(report.indexesCompared)
        #expect(report.problems.map(\.message) == [
            "\(g): the server's index holds 2 vectors, the database 3 faces",
            "x/y: the server has an index for a library the database does not hold",
        ])
        // A library whose index is not loaded is not compared: it loads from these rows on first use.
        let unloaded = try await fixture.data.check(indexVectors: [:])
        #expect(unloaded.indexesCompared && unloaded.isHealthy)
    }
}
