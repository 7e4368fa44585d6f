import FaceStore
import BlockingWork
import Foundation
import Logging
import Synchronization
import Testing
@testable import FaceLibrary
import FaceTestSupport

/// The per-library vector indexes, built from and kept in step with a real SQLite store.
@Suite struct LibraryIndexesTests {
    private let directory: TemporaryDirectory
    private let store: SQLiteFaceStore
    private let indexes: LibraryIndexes

    init() throws {
        directory = try TemporaryDirectory(prefix: "indexes")
        store = try SQLiteFaceStore(directory: directory.path)
        indexes = LibraryIndexes(storage: store, dimension: 8, logger: Logger(label: "test"))
    }

    private func library(_ groupID: String) async throws -> LibraryRecord {
        var app = try await store.app(apiKey: "key")
        if app == nil {
            app = try await store.insertApp(
                NewAppRecord(apiKey: "key", name: "app", sealedSecret: [1], maxGroups: 10, maxFaces: 100, createdAt: 0))
        }
        guard let app else { throw TestFailure.unexpected }
        guard case .inserted(let record) = try await store.insertLibrary(
            NewLibraryRecord(appID: app.id, groupID: groupID, name: groupID, data: "", modelVersion: "s21", addTime: 0),
            maxLibraries: 10) else { throw TestFailure.unexpected }
        return record
    }

    /// A unit vector pointing mostly along `axis`.
    private func vector(_ axis: Int, tilt: Float = 0) -> [Float] {
        var v = [Float](repeating: tilt, count: 8)
        v[axis] = 1
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    private func storeFace(_ embedding: [Float], in library: LibraryRecord) async throws -> Int64 {
        let token = String((0..<32).map { _ in "0123456789abcdef".randomElement()! })
        guard case .inserted(let record, _) = try await store.insertFace(
            NewFaceRecord(libraryID: library.id, faceToken: token, userID: "u", userData: "", addTime: 0,
                          modelVersion: "s21", embedding: embedding),
            maxAppFaces: 100) else { throw TestFailure.unexpected }
        return record.id
    }

    @Test func loadsStoredFacesThenFollowsInsertsAndRemovals() async throws {
        defer { directory.remove() }
        let library = try await library("g")
        let stored = try await (0..<5).asyncMap { try await storeFace(vector($0), in: library) }
        // Loading reads the five stored faces.
        #expect(try await indexes.search(libraryID: library.id, query: vector(3), k: 1).first?.record.id == stored[3])
        let added = try await storeFace(vector(6), in: library)
        try await indexes.insert(faceID: added, embedding: vector(6), libraryID: library.id)
        // An insert of a face the load already read is not a duplicate.
        try await indexes.insert(faceID: stored[0], embedding: vector(0), libraryID: library.id)
        #expect(try await indexes.search(libraryID: library.id, query: vector(6, tilt: 0.1), k: 1).first?.record.id == added)
        try await indexes.remove(faceIDs: [stored[3]], libraryID: library.id)
        let hits = try await indexes.search(libraryID: library.id, query: vector(3), k: 10)
        #expect(hits.count == 5 && !hits.map(\.record.id).contains(stored[3]))
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }

    /// Past 4,096 faces the index keeps compact codes; the scores answered are
    /// still the stored embeddings' exact inner products, with their records.
    @Test func scoresAreExactOnceRowsAreEncoded() async throws {
        defer { directory.remove() }
        let library = try await library("g")
        var rng = SystemRandomNumberGenerator()
        let embeddings = (0..<4_200).map { _ in
            let v = (0..<8).map { _ in Float.random(in: -1...1, using: &rng) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        let faces = embeddings.enumerated().map { index, embedding in
            NewFaceRecord(libraryID: library.id, faceToken: String(format: "%032x", index), userID: "u\(index)",
                          userData: "", addTime: 0, modelVersion: "s21", embedding: embedding)
        }
        guard case .inserted(let records) = try await store.insertFaces(faces, maxAppFaces: .max) else {
            throw TestFailure.unexpected
        }
        let query = embeddings[7]
        let hits = try await indexes.search(libraryID: library.id, query: query, k: 20)
        #expect(hits.count == 20 && hits.first?.record == records[7])
        let exact = Dictionary(uniqueKeysWithValues: zip(records.map(\.id), embeddings.map { e in
            zip(query, e).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }))
        let best = exact.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(20)
        #expect(hits.map(\.record.id) == best.map(\.key))
        for hit in hits { #expect(abs(hit.score - exact[hit.record.id]!) < 1e-12, "\(hit.record.userID)") }
    }

    /// A committed face reaches the index even when the request's task is
    /// cancelled while its update waits for a busy lane.
    @Test func anUpdateQueuedBehindBusyLanesSurvivesItsTasksCancellation() async throws {
        defer { directory.remove() }
        let library = try await library("g")
        _ = try await storeFace(vector(0), in: library)
        _ = try await indexes.index(forLibrary: library.id)
        let added = try await storeFace(vector(5), in: library)
        let lanes = IndexLanes.scansAndUpdates
        let open = Atomic(false)
        defer { open.store(true, ordering: .releasing) }
        for _ in 0..<lanes.count {
            try lanes.submit { _ in
                while !open.load(ordering: .acquiring) { usleep(1000) }
            }
        }
        let embedding = vector(5)
        let insert = Task { [indexes] in
            try await indexes.insert(faceID: added, embedding: embedding, libraryID: library.id)
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while lanes.load.waiting == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(lanes.load.waiting > 0, "the update is queued behind the busy lanes")
        insert.cancel()
        open.store(true, ordering: .releasing)
        try await insert.value
        #expect(try await indexes.search(libraryID: library.id, query: vector(5), k: 1).first?.record.id == added)
    }

    @Test func librariesAreSeparate() async throws {
        defer { directory.remove() }
        let (a, b) = (try await library("a"), try await library("b"))
        let inA = try await storeFace(vector(1), in: a)
        _ = try await storeFace(vector(2), in: b)
        #expect(try await indexes.search(libraryID: a.id, query: vector(2), k: 10).map(\.record.id) == [inA])
    }

    @Test func aDroppedLibraryStaysDropped() async throws {
        defer { directory.remove() }
        let library = try await library("g")
        let face = try await storeFace(vector(1), in: library)
        #expect(try await indexes.search(libraryID: library.id, query: vector(1), k: 1).map(\.record.id) == [face])
        indexes.drop(libraryID: library.id)
        // A late insert (an add that raced the library's deletion) does not bring it back.
        try await indexes.insert(faceID: face, embedding: vector(1), libraryID: library.id)
        #expect(try await indexes.search(libraryID: library.id, query: vector(1), k: 1).isEmpty)
        #expect(try await indexes.index(forLibrary: library.id) == nil)
    }

    @Test func reportsMemoryPerLoadedLibrary() async throws {
        defer { directory.remove() }
        let library = try await library("g")
        _ = try await storeFace(vector(1), in: library)
        #expect(await indexes.memoryBytes().isEmpty)
        _ = try await indexes.index(forLibrary: library.id)
        #expect((await indexes.memoryBytes()[library.id] ?? 0) > 0)
    }

    @Test func publishesTheFiguresOfLoadedIndexesOnly() async throws {
        defer { directory.remove() }
        let library = try await library("g")
        for axis in 0..<3 { _ = try await storeFace(vector(axis), in: library) }
        _ = try await self.library("never-used")
        #expect(await indexes.indexFigures().isEmpty)
        let index = try #require(try await indexes.index(forLibrary: library.id))
        #expect(await indexes.indexFigures() == [library.id: IndexFigures(vectors: 3, bytes: index.memoryBytes)])
    }

    enum TestFailure: Error { case unexpected }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
