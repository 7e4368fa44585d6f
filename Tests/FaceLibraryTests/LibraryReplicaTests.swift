import Foundation
import Logging
import Synchronization
import Testing
import FaceStore
import FaceStorePostgres
@testable import FaceLibrary
import FaceTestSupport

/// A node's library replicas following a real PostgreSQL change log written
/// by another store (a second node), and every mismatch that must reload.
@Suite struct LibraryReplicaTests {
    /// Runs `body` with a node's replicas over a fresh database, another node's store, and a library.
    private func withNodes(_ body: (ReplicaSet, PostgresFaceStore, PostgresFaceStore, LibraryRecord, TestDatabase) async throws -> Void)
        async throws {
        let database = try TestPostgres.makeDatabase()
        defer { database.drop() }
        let node = try await PostgresFaceStore.open(url: PostgresURL(database.url))
        let writer = try await PostgresFaceStore.open(url: PostgresURL(database.url))
        let app = try await writer.insertApp(NewAppRecord(apiKey: "k", name: "a", sealedSecret: [1], maxGroups: 9,
                                                          maxFaces: 999, createdAt: 1))
        guard case .inserted(let library) = try await writer.insertLibrary(
            NewLibraryRecord(appID: app.id, groupID: "g", name: "g", data: "", modelVersion: "s21", addTime: 1),
            maxLibraries: 9) else { throw ReplicaTestError.setup }
        let replicas = ReplicaSet(changeLog: node, dimension: 3, statistics: SyncStatistics(), logger: Logger(label: "test"))
        do {
            try await body(replicas, node, writer, library, database)
        } catch {
            _ = try? await node.shutDown()
            _ = try? await writer.shutDown()
            throw error
        }
        _ = try await node.shutDown()
        _ = try await writer.shutDown()
    }

    private func add(_ store: PostgresFaceStore, _ library: LibraryRecord) async throws -> (FaceRecord, ChangeReceipt) {
        let face = NewFaceRecord(libraryID: library.id, faceToken: Self.token(), userID: "u", userData: "", addTime: 1,
                                 modelVersion: "s21", embedding: [Float.random(in: 0.1...1), 0.5, 0.25])
        guard case (.inserted(let record, _), let receipt?) = try await store.insertLoggedFace(face, maxAppFaces: 999) else {
            throw ReplicaTestError.setup
        }
        return (record, receipt)
    }

    private static func token() -> String { (0..<32).map { _ in String("0123456789abcdef".randomElement()!) }.joined() }

    private func state(_ replicas: ReplicaSet, _ library: LibraryRecord) -> (vectors: Int, seq: Int64)? {
        replicas.replica(for: library.id)?.figures.map { ($0.vectors, $0.appliedSeq ?? -1) }
    }

    @Test func followsAnotherNodesWritesInOrder() async throws {
        try await withNodes { replicas, _, writer, library, _ in
            _ = try await replicas.index(forLibrary: library.id)
            #expect(state(replicas, library)! == (0, 0))
            var records: [FaceRecord] = []
            for _ in 0..<3 { records.append(try await add(writer, library).0) }
            _ = try await writer.deleteLoggedFaces(libraryID: library.id, tokens: [records[1].faceToken])
            try await replicas.refresh(libraryID: library.id)
            #expect(state(replicas, library)! == (2, 4))
            let index = try #require(try await replicas.index(forLibrary: library.id))
            #expect(index.contains(id: records[0].id) && !index.contains(id: records[1].id))
            let figures = replicas.statistics.snapshot
            #expect(figures.appliedChanges == 4 && figures.reloads == 0 && figures.recentLagMicros.count == 4)
        }
    }

    @Test func ownWritesApplyFromMemoryAndOthersFromTheLog() async throws {
        try await withNodes { replicas, node, writer, library, _ in
            _ = try await replicas.index(forLibrary: library.id)
            let (own, receipt) = try await add(node, library)
            try await replicas.apply(receipt, .added([EmbeddingRecord(faceID: own.id, embedding: [1, 0.5, 0.25])]))
            #expect(state(replicas, library)! == (1, 1))
            #expect(replicas.statistics.snapshot.appliedChanges == 0, "not read back from the log")
            // Another node wrote in between: the own write's receipt no longer follows the index, so the log is read.
            _ = try await add(writer, library)
            let (second, after) = try await add(node, library)
            try await replicas.apply(after, .added([EmbeddingRecord(faceID: second.id, embedding: [1, 0.5, 0.25])]))
            #expect(state(replicas, library)! == (3, 3))
            #expect(replicas.statistics.snapshot.appliedChanges == 2)
            #expect(replicas.statistics.snapshot.reloads == 0)
        }
    }

    @Test(arguments: [ReloadReason.tag, .pruned, .gap, .behind, .incarnation])
    func anyMismatchReloadsTheLibrary(_ reason: ReloadReason) async throws {
        try await withNodes { replicas, node, writer, library, database in
            for _ in 0..<2 { _ = try await add(writer, library) }
            _ = try await replicas.index(forLibrary: library.id)
            #expect(state(replicas, library)! == (2, 2))
            for _ in 0..<3 { _ = try await add(writer, library) }
            switch reason {
            case .tag: try database.execute("UPDATE library_changes SET tag = tag + 1 WHERE seq = 2")
            case .pruned: try database.execute("DELETE FROM library_changes WHERE seq < 5")
            case .gap: try database.execute("DELETE FROM library_changes WHERE seq = 4")
            case .behind:
                // A restore to an earlier state: the database forgot changes 2…5.
                try database.execute("DELETE FROM faces WHERE id IN (SELECT unnest(face_ids) FROM library_changes WHERE seq >= 2)")
                try database.execute("DELETE FROM library_changes WHERE seq >= 2")
                try database.execute("UPDATE libraries SET change_seq = 1, face_count = 1")
            case .incarnation: try database.execute("UPDATE libraries SET incarnation = gen_random_uuid()")
            case .replaced: break
            }
            if reason == .incarnation {
                let head = try #require(try await node.versionedLibrary(appID: library.appID, groupID: "g")).head
                try await replicas.sync(to: head)
            } else {
                try await replicas.refresh(libraryID: library.id)
            }
            #expect(replicas.statistics.snapshot.reloadsByReason == [reason: 1])
            let expected: (Int, Int64) = reason == .behind ? (1, 1) : (5, 5)
            #expect(state(replicas, library)! == expected)
            // Following on from the reloaded position works again.
            _ = try await add(writer, library)
            try await replicas.refresh(libraryID: library.id)
            #expect(state(replicas, library)! == (expected.0 + 1, expected.1 + 1))
            #expect(replicas.statistics.snapshot.reloads == 1)
        }
    }

    @Test func aFreedLibraryIsDroppedForGood() async throws {
        try await withNodes { replicas, _, writer, library, _ in
            _ = try await add(writer, library)
            _ = try await replicas.index(forLibrary: library.id)
            #expect(try await writer.deleteLibrary(id: library.id, onlyIfEmpty: false) == .deleted)
            try await replicas.refresh(libraryID: library.id)
            #expect(replicas.replica(for: library.id) == nil)
            #expect(try await replicas.index(forLibrary: library.id) == nil)
        }
    }

    @Test func catchUpsAskedForTogetherShareOneRead() async throws {
        let lane = ReplicaLane()
        let runs = Mutex(0)
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let blocker = lane.enqueue {
            await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
        }
        let catchUps = (0..<20).map { _ in lane.enqueueCatchUp { runs.withLock { $0 += 1 } } }
        while gate.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(1)) }
        gate.withLock { $0?.resume() }
        try await blocker.value
        for catchUp in catchUps { try await catchUp.value }
        #expect(runs.withLock { $0 } == 1)
        // One asked for after that one started runs again.
        try await lane.enqueueCatchUp { runs.withLock { $0 += 1 } }.value
        #expect(runs.withLock { $0 } == 2)
    }
}

private enum ReplicaTestError: Error { case setup }
