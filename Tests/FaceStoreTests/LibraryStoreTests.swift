import Testing
import FaceTestSupport
@testable import FaceStore

@Suite struct LibraryStoreTests {
    @Test(arguments: TestBackend.allCases) func appsRoundTrip(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let first = try await fixture.app("alpha", maxGroups: 3, maxFaces: 7)
            let second = try await fixture.app("beta")
            #expect(try await fixture.store.app(apiKey: "alpha") == first)
            #expect(first.state == .active && first.maxGroups == 3 && first.maxFaces == 7)
            #expect(try await fixture.store.app(apiKey: "gamma") == nil)
            #expect(try await fixture.store.apps() == [first, second])
            await expectStorageError(.constraint) { try await fixture.app("alpha") }
        }
    }

    @Test(arguments: TestBackend.allCases) func groupIDsAreUniquePerAppOnly(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let one = try await fixture.app()
            let two = try await fixture.app()
            let mine = try await fixture.library("students", of: one)
            let theirs = try await fixture.library("students", of: two)
            #expect(mine.id != theirs.id)
            let again = try await fixture.store.insertLibrary(
                NewLibraryRecord(appID: one.id, groupID: "students", name: "x", data: "", modelVersion: "s21", addTime: 1),
                maxLibraries: 10)
            #expect(again == .duplicateGroupID)
            #expect(try await fixture.store.library(appID: one.id, groupID: "students") == mine)
            #expect(try await fixture.store.library(appID: two.id, groupID: "students") == theirs)
            #expect(try await fixture.store.libraries(appID: one.id) == [mine])
        }
    }

    @Test(arguments: TestBackend.allCases) func libraryLimitIsCheckedInTheInsert(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app(maxGroups: 2)
            _ = try await fixture.library("a", of: app)
            _ = try await fixture.library("b", of: app)
            let third = try await fixture.store.insertLibrary(
                NewLibraryRecord(appID: app.id, groupID: "c", name: "c", data: "", modelVersion: "s21", addTime: 1),
                maxLibraries: 2)
            #expect(third == .limitReached)
            #expect(try await fixture.store.libraries(appID: app.id).map(\.groupID) == ["a", "b"])
        }
    }

    @Test(arguments: TestBackend.allCases) func concurrentCreatesNeverPassTheLimit(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app(maxGroups: 5)
            // A second store on the same database stands in for facectl (or another node) writing at the same time.
            let other = try await fixture.openAgain()
            let outcomes = try await withThrowingTaskGroup(of: LibraryInsertOutcome.self) { group in
                for index in 0..<20 {
                    let store = index.isMultiple(of: 2) ? fixture.store : other
                    group.addTask {
                        try await store.insertLibrary(
                            NewLibraryRecord(appID: app.id, groupID: "g\(index)", name: "n", data: "",
                                             modelVersion: "s21", addTime: Int64(index)),
                            maxLibraries: 5)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { if case .inserted = $0 { true } else { false } }.count == 5)
            #expect(outcomes.filter { $0 == .limitReached }.count == 15)
            #expect(try await fixture.store.libraries(appID: app.id).count == 5)
            _ = try await other.shutDown()
        }
    }

    @Test(arguments: TestBackend.allCases) func freeRespectsEmptinessAndCascades(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app()
            let library = try await fixture.library("full", of: app)
            let other = try await fixture.library("other", of: app)
            try await fixture.face(in: library)
            try await fixture.face(in: library)
            try await fixture.face(in: other)
            #expect(try await fixture.store.deleteLibrary(id: library.id, onlyIfEmpty: true) == .notEmpty(faceCount: 2))
            #expect(try await fixture.store.faceTotal(appID: app.id) == 3)
            #expect(try await fixture.store.deleteLibrary(id: library.id, onlyIfEmpty: false) == .deleted)
            #expect(try await fixture.store.deleteLibrary(id: library.id, onlyIfEmpty: false) == .notFound)
            #expect(try await fixture.store.library(appID: app.id, groupID: "full") == nil)
            #expect(try await fixture.store.faceTotal(appID: app.id) == 1)
            #expect(try await fixture.integer("SELECT count(*) FROM faces WHERE library_id = \(library.id)") == 0)
            #expect(try await fixture.store.deleteLibrary(id: other.id, onlyIfEmpty: true) == .notEmpty(faceCount: 1))
        }
    }

    @Test(arguments: TestBackend.allCases) func dataSurvivesReopening(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app("persisted")
            let library = try await fixture.library("kept", of: app)
            try await fixture.face(in: library, token: String(repeating: "ab", count: 16))
            let reopened = try await fixture.openAgain()
            #expect(try await reopened.app(apiKey: "persisted") == app)
            #expect(try await reopened.library(appID: app.id, groupID: "kept")?.faceCount == 1)
            #expect(try await reopened.face(libraryID: library.id, token: String(repeating: "ab", count: 16)) != nil)
            _ = try await reopened.shutDown()
        }
    }
}
