import Testing
import FaceTestSupport
@testable import FaceStore

@Suite struct FaceBatchInsertTests {
    private func newFace(in library: LibraryRecord, _ embedding: [Float], token: String = StoreFixture.token()) -> NewFaceRecord {
        NewFaceRecord(libraryID: library.id, faceToken: token, userID: "u\(embedding[0])", userData: "",
                      addTime: 1_700_000_000_000, modelVersion: "s21", embedding: embedding)
    }

    @Test(arguments: TestBackend.allCases) func batchRoundTripsAcrossLibrariesInOrder(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let (a, b) = (try await fixture.library("a", of: app), try await fixture.library("b", of: app))
            let faces = [newFace(in: a, [1, 2]), newFace(in: b, [3, 4]), newFace(in: a, [5, 6])]
            let outcome = try await fixture.store.insertFaces(faces, maxAppFaces: 3)
            guard case .inserted(let records) = outcome else { Issue.record("\(outcome)"); return }
            #expect(records.map(\.faceToken) == faces.map(\.faceToken))
            #expect(records.map(\.id) == records.map(\.id).sorted() && Set(records.map(\.id)).count == 3)
            #expect(try await fixture.store.library(appID: app.id, groupID: "a")?.faceCount == 2)
            #expect(try await fixture.store.faces(libraryID: b.id, ids: [records[1].id]) == [records[1]])
            var stored: [EmbeddingRecord] = []
            for try await batch in fixture.store.embeddings(libraryID: a.id, batchSize: 1) { stored += batch }
            #expect(stored == [EmbeddingRecord(faceID: records[0].id, embedding: [1, 2]),
                               EmbeddingRecord(faceID: records[2].id, embedding: [5, 6])])
        }
    }

    @Test(arguments: TestBackend.allCases) func quotaBreachStoresNothing(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            try await fixture.face(in: library)
            let outcome = try await fixture.store.insertFaces([newFace(in: library, [1]), newFace(in: library, [2])],
                                                              maxAppFaces: 2)
            #expect(outcome == .limitReached)
            #expect(try await fixture.store.faceTotal(appID: app.id) == 1)
        }
    }

    @Test(arguments: TestBackend.allCases) func missingLibraryOrDuplicateTokenStoresNothing(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("g", of: app)
            let gone = try await fixture.library("gone", of: app)
            _ = try await fixture.store.deleteLibrary(id: gone.id, onlyIfEmpty: true)
            #expect(try await fixture.store.insertFaces([newFace(in: library, [1]), newFace(in: gone, [2])],
                                                        maxAppFaces: 10) == .libraryNotFound(gone.id))
            let token = StoreFixture.token()
            await expectStorageError(.constraint) {
                try await fixture.store.insertFaces([newFace(in: library, [1], token: token),
                                                     newFace(in: library, [2], token: token)], maxAppFaces: 10)
            }
            #expect(try await fixture.store.faceTotal(appID: app.id) == 0)
        }
    }
}
