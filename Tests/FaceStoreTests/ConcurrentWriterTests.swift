import Synchronization
import Testing
import FaceTestSupport
@testable import FaceStore

// The races a single SQLite writer hid, run on real concurrent connections:
// two stores on one database (two pools: a server and facectl, or two nodes),
// many writes in flight at once, and an invariant checked on every outcome.
@Suite struct ConcurrentWriterTests {
    @Test(arguments: TestBackend.allCases) func faceQuotaIsExactUnderConcurrentAdds(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app(maxFaces: 7)
            let first = try await fixture.library("a", of: app)
            let second = try await fixture.library("b", of: app)
            let other = try await fixture.openAgain()
            let outcomes = try await withThrowingTaskGroup(of: FaceInsertOutcome.self) { group in
                for index in 0..<40 {
                    let store = index.isMultiple(of: 2) ? fixture.store : other
                    let library = index % 4 < 2 ? first : second
                    group.addTask {
                        try await store.insertFace(
                            NewFaceRecord(libraryID: library.id, faceToken: StoreFixture.token(), userID: "u\(index)",
                                          userData: "", addTime: 1, modelVersion: "s21", embedding: [1, 2]),
                            maxAppFaces: 7)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            _ = try await other.shutDown()
            #expect(outcomes.filter { if case .inserted = $0 { true } else { false } }.count == 7)
            #expect(outcomes.filter { $0 == .limitReached }.count == 33)
            #expect(try await fixture.store.faceTotal(appID: app.id) == 7)
            #expect(try await fixture.integer("SELECT count(*) FROM faces") == 7)
        }
    }

    /// One group_id created by many at once at the library quota: one wins,
    /// every other answer is "exists", never "limit reached".
    @Test(arguments: TestBackend.allCases) func groupExistsWinsOverTheLimit(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app(maxGroups: 1)
            let other = try await fixture.openAgain()
            let outcomes = try await withThrowingTaskGroup(of: LibraryInsertOutcome.self) { group in
                for index in 0..<16 {
                    let store = index.isMultiple(of: 2) ? fixture.store : other
                    group.addTask {
                        try await store.insertLibrary(
                            NewLibraryRecord(appID: app.id, groupID: "same", name: "n", data: "", modelVersion: "s21",
                                             addTime: 1),
                            maxLibraries: 1)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            _ = try await other.shutDown()
            #expect(outcomes.filter { if case .inserted = $0 { true } else { false } }.count == 1)
            #expect(outcomes.filter { $0 == .duplicateGroupID }.count == 15)
            #expect(try await fixture.store.libraries(appID: app.id).count == 1)
        }
    }

    /// free with check_empty racing an add: an acknowledged face is never
    /// deleted with its library; an add that lost the race finds no library.
    @Test(arguments: TestBackend.allCases) func freeIfEmptyNeverDeletesAnAcknowledgedFace(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app(maxGroups: 1000)
            let other = try await fixture.openAgain()
            var freedFirst = 0
            var addedFirst = 0
            for round in 0..<40 {
                let library = try await fixture.library("r\(round)", of: app)
                async let added = other.insertFace(
                    NewFaceRecord(libraryID: library.id, faceToken: StoreFixture.token(), userID: "u", userData: "",
                                  addTime: 1, modelVersion: "s21", embedding: [1]),
                    maxAppFaces: 1_000_000)
                async let freed = fixture.store.deleteLibrary(id: library.id, onlyIfEmpty: true)
                let (add, free) = try await (added, freed)
                switch (add, free) {
                case (.inserted, .notEmpty(faceCount: 1)):
                    addedFirst += 1
                    #expect(try await fixture.store.library(appID: app.id, groupID: "r\(round)")?.faceCount == 1)
                case (.libraryNotFound, .deleted):
                    freedFirst += 1
                    #expect(try await fixture.integer("SELECT count(*) FROM faces WHERE library_id = \(library.id)") == 0)
                default:
                    Issue.record("round \(round): add \(add), free \(free)")
                }
            }
            _ = try await other.shutDown()
            #expect(addedFirst + freedFirst == 40)
        }
    }

    /// A freed group_id can be created again at once, also while others try the same.
    @Test(arguments: TestBackend.allCases) func freedGroupIDIsReusableAtOnce(_ backend: TestBackend) async throws {
        try await StoreFixture.with(backend) { fixture in
            let app = try await fixture.app(maxGroups: 2)
            let first = try await fixture.library("x", of: app)
            try await fixture.face(in: first)
            #expect(try await fixture.store.deleteLibrary(id: first.id, onlyIfEmpty: false) == .deleted)
            let again = try await fixture.library("x", of: app)
            #expect(again.id != first.id && again.faceCount == 0)
            #expect(try await fixture.store.faceTotal(appID: app.id) == 0)

            let other = try await fixture.openAgain()
            for _ in 0..<10 {
                let current = try #require(try await fixture.store.library(appID: app.id, groupID: "x"))
                async let freed = other.deleteLibrary(id: current.id, onlyIfEmpty: false)
                async let created = fixture.store.insertLibrary(
                    NewLibraryRecord(appID: app.id, groupID: "x", name: "n", data: "", modelVersion: "s21", addTime: 1),
                    maxLibraries: 2)
                let (free, create) = try await (freed, created)
                #expect(free == .deleted)
                if case .limitReached = create { Issue.record("limit reached with one live library") }
                if case .duplicateGroupID = create {
                    // The create ran before the free committed: create it now.
                    _ = try await fixture.library("x", of: app)
                }
                #expect(try await fixture.store.libraries(appID: app.id).map(\.groupID) == ["x"])
            }
            _ = try await other.shutDown()
        }
    }
}
