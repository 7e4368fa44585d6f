import Testing
import FaceTestSupport
@testable import FaceStore

@Suite struct FaceStoreTests {
    @Test(arguments: TestBackend.allCases) func insertKeepsCountsAndReturnsTheRow(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            let token = StoreFixture.token()
            let outcome = try await fixture.face(in: library, token: token, userID: "alice")
            guard case let .inserted(record, count) = outcome else { Issue.record("\(outcome)"); return }
            #expect(count == 1 && record.faceToken == token && record.userID == "alice" && record.addTime == 1_700_000_000_123)
            #expect(try await fixture.store.face(libraryID: library.id, token: token) == record)
            #expect(try await fixture.store.library(appID: app.id, groupID: "g")?.faceCount == 1)
        }
    }

    @Test(arguments: TestBackend.allCases) func faceQuotaCountsEveryLibraryOfTheApp(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let first = try await fixture.library("a", of: app)
            let second = try await fixture.library("b", of: app)
            try await fixture.face(in: first, maxAppFaces: 2)
            try await fixture.face(in: second, maxAppFaces: 2)
            #expect(try await fixture.face(in: second, maxAppFaces: 2) == .limitReached)
            #expect(try await fixture.store.faceTotal(appID: app.id) == 2)
        }
    }

    @Test(arguments: TestBackend.allCases) func insertIntoVanishedLibraryIsRefused(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("gone", of: app)
            _ = try await fixture.store.deleteLibrary(id: library.id, onlyIfEmpty: true)
            #expect(try await fixture.face(in: library) == .libraryNotFound)
        }
    }

    @Test(arguments: TestBackend.allCases) func duplicateTokenFailsAndChangesNothing(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            let token = StoreFixture.token()
            try await fixture.face(in: library, token: token)
            await expectStorageError(.constraint) { try await fixture.face(in: library, token: token) }
            await expectStorageError(.constraint) { try await fixture.face(in: library, token: "NOT-HEX") }
            #expect(try await fixture.store.library(appID: app.id, groupID: "g")?.faceCount == 1)
        }
    }

    @Test(arguments: TestBackend.allCases) func listingPagesInCreationOrder(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            let other = try await fixture.library("h", of: app)
            var tokens: [String] = []
            for index in 0..<7 {
                let token = StoreFixture.token()
                tokens.append(token)
                try await fixture.face(in: library, token: token, userID: "u\(index)")
                try await fixture.face(in: other)
            }
            #expect(try await fixture.store.faces(libraryID: library.id, offset: 0, limit: 3).map(\.faceToken)
                    == Array(tokens[0..<3]))
            #expect(try await fixture.store.faces(libraryID: library.id, offset: 5, limit: 3).map(\.faceToken)
                    == Array(tokens[5..<7]))
            #expect(try await fixture.store.faces(libraryID: library.id, offset: 7, limit: 3).isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases) func deleteReportsWhatWasRemoved(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            let other = try await fixture.library("h", of: app)
            let mine = StoreFixture.token()
            let theirs = StoreFixture.token()
            guard case .inserted(let removable, _) = try await fixture.face(in: library, token: mine) else {
                Issue.record("insert failed")
                return
            }
            try await fixture.face(in: library)
            try await fixture.face(in: other, token: theirs)
            let deletion = try await fixture.store.deleteFaces(libraryID: library.id, tokens: [mine, theirs, StoreFixture.token()])
            #expect(deletion == FaceDeletion(removed: [mine: removable.id], remainingCount: 1))
            #expect(try await fixture.store.face(libraryID: other.id, token: theirs) != nil)
            _ = try await fixture.store.deleteLibrary(id: library.id, onlyIfEmpty: false)
            #expect(try await fixture.store.deleteFaces(libraryID: library.id, tokens: [mine]) == nil)
        }
    }

    @Test(arguments: TestBackend.allCases) func embeddingsStreamBackExactlyInBatches(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            let other = try await fixture.library("h", of: app)
            var stored: [[Float]] = []
            for index in 0..<25 {
                let embedding = (0..<128).map { Float($0) * 0.001 - Float(index) + .ulpOfOne }
                stored.append(embedding)
                try await fixture.face(in: library, embedding: embedding)
                try await fixture.face(in: other, embedding: [1])
            }
            var batches: [[EmbeddingRecord]] = []
            for try await batch in fixture.store.embeddings(libraryID: library.id, batchSize: 10) { batches.append(batch) }
            #expect(batches.map(\.count) == [10, 10, 5])
            #expect(batches.flatMap { $0 }.map(\.embedding) == stored)
            let ids = batches.flatMap { $0 }.map(\.faceID)
            #expect(ids == ids.sorted())
            let hits = try await fixture.store.faces(libraryID: library.id, ids: [ids[3], ids[0], 999_999])
            #expect(hits.map(\.id) == [ids[3], ids[0]])
            #expect(try await fixture.store.faces(libraryID: other.id, ids: [ids[0]]).isEmpty)
            let exact = try fixture.store.exactEmbeddings(libraryID: library.id, ids: [ids[7], 999_999, ids[2]])
            #expect(exact == [ids[7]: stored[7], ids[2]: stored[2]])
            #expect(try fixture.store.exactEmbeddings(libraryID: other.id, ids: [ids[7]]).isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases) func emptyLibraryStreamsNothing(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let library = try await fixture.library("g", of: try await fixture.app())
            var count = 0
            for try await _ in fixture.store.embeddings(libraryID: library.id, batchSize: 4) { count += 1 }
            #expect(count == 0)
        }
    }

    @Test func codecIsLittleEndianFloat32() {
        #expect(EmbeddingCodec.encode([1.0]) == [0x00, 0x00, 0x80, 0x3f])
        #expect(EmbeddingCodec.decode([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]) == [1.0, -2.0])
        #expect(EmbeddingCodec.decode([1, 2, 3]).isEmpty)
    }
}
