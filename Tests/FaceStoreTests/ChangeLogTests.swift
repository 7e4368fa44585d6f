import Foundation
import Synchronization
import Testing
import FaceTestSupport
@testable import FaceStore
@testable import FaceStorePostgres

/// The PostgreSQL change log and the other state nodes share, on real
/// concurrent connections (two stores on one database, as two nodes).
@Suite struct ChangeLogTests {
    /// Runs `body` with two stores on one fresh database and a library.
    private func withTwoNodes(_ body: (PostgresFaceStore, PostgresFaceStore, LibraryRecord, StoreFixture) async throws -> Void)
        async throws {
        try await StoreFixture.with(.postgres) { fixture in
            let first = try #require(fixture.store as? PostgresFaceStore)
            let second = try #require(try await fixture.openAgain() as? PostgresFaceStore)
            do {
                let library = try await fixture.library("g", of: try await fixture.app())
                try await body(first, second, library, fixture)
                _ = try await second.shutDown()
            } catch {
                _ = try? await second.shutDown()
                throw error
            }
        }
    }

    private func face(_ library: LibraryRecord, _ embedding: [Float] = [1, 2, 3]) -> NewFaceRecord {
        NewFaceRecord(libraryID: library.id, faceToken: StoreFixture.token(), userID: "u", userData: "", addTime: 1,
                      modelVersion: "s21", embedding: embedding)
    }

    @Test func concurrentWritersMakeAGaplessLogAndChainedReceipts() async throws {
        try await withTwoNodes { first, second, library, fixture in
            let receipts = try await withThrowingTaskGroup(of: ChangeReceipt?.self) { group in
                for index in 0..<40 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.insertLoggedFace(self.face(library), maxAppFaces: 1000).1 }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }.compactMap { $0 }
            #expect(receipts.count == 40)
            #expect(Set(receipts.map(\.current.seq)) == Set(1...40))
            let log = try await first.changes(libraryID: library.id, from: 0, limit: 1000)
            #expect(log.map(\.seq) == Array(1...40))
            let byPosition = Dictionary(uniqueKeysWithValues: log.map { ($0.seq, $0.tag) })
            for receipt in receipts {
                #expect(receipt.current.tag == byPosition[receipt.current.seq])
                #expect(receipt.previous.seq == receipt.current.seq - 1)
                #expect(receipt.previous.tag == (receipt.previous.seq == 0 ? 0 : byPosition[receipt.previous.seq]))
            }
            #expect(Set(log.map(\.tag)).count == 40)
            #expect(try await fixture.integer("SELECT change_seq FROM libraries WHERE id = \(library.id)") == 40)
            let heads = try await second.libraryHeads()
            #expect(heads.map(\.seq) == [40] && heads.map(\.faceCount) == [40])
        }
    }

    @Test func changesCarryAddedEmbeddingsAndDeletedIds() async throws {
        try await withTwoNodes { first, second, library, _ in
            let kept = face(library, [1, 0, 0])
            let gone = face(library, [0, 1, 0])
            guard case (.inserted(let keptRecord, _), _) = try await first.insertLoggedFace(kept, maxAppFaces: 10),
                  case (.inserted(let goneRecord, _), _) = try await second.insertLoggedFace(gone, maxAppFaces: 10)
            else { Issue.record("inserts failed"); return }
            let (deletion, receipt) = try await first.deleteLoggedFaces(libraryID: library.id, tokens: [gone.faceToken, "nope"])
            #expect(deletion?.removed == [gone.faceToken: goneRecord.id] && receipt?.current.seq == 3)
            let (none, noReceipt) = try await first.deleteLoggedFaces(libraryID: library.id, tokens: [gone.faceToken])
            #expect(none?.removed.isEmpty == true && noReceipt == nil, "nothing deleted, nothing logged")

            let log = try await second.changes(libraryID: library.id, from: 0, limit: 10)
            #expect(log.map(\.operation) == [
                .added([EmbeddingRecord(faceID: keptRecord.id, embedding: [1, 0, 0])]),
                .added([]),  // deleted later in the same read
                .removed([goneRecord.id]),
            ])
            #expect(try await second.changes(libraryID: library.id, from: 3, limit: 10).map(\.seq) == [3])
            #expect(try await second.changes(libraryID: library.id, from: 2, limit: 1).map(\.seq) == [2])
            #expect(log.allSatisfy { abs($0.committedAt - SyncClock.micros()) < 60_000_000 })
        }
    }

    @Test func snapshotsVersionedLookupsFreesImportsAndBulkInsertsAreLogged() async throws {
        try await withTwoNodes { first, second, library, fixture in
            _ = try await first.insertLoggedFace(face(library), maxAppFaces: 10)
            var header: (LibraryHead, ChangePosition)?
            var faces = 0
            for try await part in second.librarySnapshot(libraryID: library.id, batchSize: 10) {
                switch part {
                case let .header(head, position): header = (head, position)
                case .faces(let batch): faces += batch.count
                }
            }
            let (head, position) = try #require(header)
            let log = try await first.changes(libraryID: library.id, from: 1, limit: 10)
            #expect(position == log.last?.position && head.seq == 1 && head.faceCount == 1 && faces == 1)
            let versioned = try #require(try await second.versionedLibrary(appID: library.appID, groupID: "g"))
            #expect(versioned.record == library.with(faceCount: 1) && versioned.head == head)

            _ = try await first.insertFaces([face(library), face(library)], maxAppFaces: 10)
            guard case .added(let bulk)? = try await first.changes(libraryID: library.id, from: 2, limit: 10).last?.operation
            else { Issue.record("no bulk add logged"); return }
            #expect(bulk.count == 2)

            #expect(try await second.deleteLibrary(id: library.id, onlyIfEmpty: false) == .deleted)
            #expect(try await first.changes(libraryID: library.id, from: 3, limit: 10).last?.operation == .freed)
            #expect(try await first.libraryHeads().isEmpty)
            var gone = 0
            for try await _ in first.librarySnapshot(libraryID: library.id, batchSize: 10) { gone += 1 }
            #expect(gone == 0, "a freed library has no snapshot")

            let app = try await fixture.app()
            let pending = Mutex([face(library)])
            let imported = try await first.importLibrary(
                NewLibraryRecord(appID: app.id, groupID: "copy", name: "c", data: "", modelVersion: "s21", addTime: 1),
                maxLibraries: 5, maxAppFaces: 10, faces: { pending.withLock { $0.popLast() } })
            guard case .imported(let copy) = imported else { Issue.record("\(imported)"); return }
            #expect(try await first.changes(libraryID: copy.id, from: 0, limit: 10).map(\.operation) == [.replaced])
        }
    }

    @Test func pruningKeepsEveryLiveLibrarysLatestRow() async throws {
        try await withTwoNodes { first, _, library, fixture in
            for _ in 0..<3 { _ = try await first.insertLoggedFace(face(library), maxAppFaces: 10) }
            let freed = try await fixture.library("freed", of: try await fixture.app())
            _ = try await first.insertLoggedFace(face(freed), maxAppFaces: 10)
            #expect(try await first.deleteLibrary(id: freed.id, onlyIfEmpty: false) == .deleted)
            let pruned = try await first.pruneChanges(committedBefore: try await first.databaseTime() + 1)
            #expect(pruned == 2 + 2)
            #expect(try await first.changes(libraryID: library.id, from: 0, limit: 10).map(\.seq) == [3])
            #expect(try await first.changes(libraryID: freed.id, from: 0, limit: 10).isEmpty)
            #expect(try await first.pruneChanges(committedBefore: 0) == 0)
        }
    }

    @Test func aSignatureIsUsedOnceAcrossStoresAndSweptAfterExpiry() async throws {
        try await withTwoNodes { first, second, _, _ in
            for round in 0..<10 {
                let digest = (0..<20).map { _ in UInt8.random(in: 0 ... .max) }
                let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<6 {
                        let store = index.isMultiple(of: 2) ? first : second
                        group.addTask { try await store.recordUse(digest: digest, expiresAt: 1000 + Int64(round)) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(firsts.filter { $0 }.count == 1)
            }
            _ = try await first.recordUse(digest: [1], expiresAt: 5000)
            #expect(try await second.sweepSignatures(expiredBefore: 1005) == 5)
            #expect(try await second.sweepSignatures(expiredBefore: 5000) == 5)
            #expect(try await first.recordUse(digest: [1], expiresAt: 5000) == false)
        }
    }

    @Test func nodesReportAndDeploymentValuesHaveOneWinner() async throws {
        try await withTwoNodes { first, second, _, _ in
            let report = NodeReport(nodeID: "a", schemaVersion: 2, build: "b", startedAt: 1, ready: false, status: "loading",
                                    behind: 3, lagP50Micros: nil, lagP99Micros: 9, reloads: 1)
            try await first.heartbeat(report)
            var ready = report
            ready.ready = true
            ready.status = ""
            try await second.heartbeat(ready)
            let nodes = try await first.nodes()
            #expect(nodes.map(\.report) == [ready])
            #expect(nodes.allSatisfy { (0..<10_000).contains($0.heartbeatAgeMillis) })
            let removed = try await second.removeNode(id: "a")
            let removedAgain = try await second.removeNode(id: "a")
            #expect(removed && !removedAgain)

            #expect(try await first.deploymentValue(named: "x") == nil)
            let winners = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for value in 0..<8 {
                    let store = value.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.storeDeploymentValue([UInt8(value)], named: "x") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(winners).count == 1)
            #expect(try await second.deploymentValue(named: "x") == winners.first)
        }
    }

    @Test func listenersHearCommittedChangesAndNotWhenNotificationsAreOff() async throws {
        try await withTwoNodes { first, _, library, fixture in
            let quiet = try await PostgresFaceStore.open(url: PostgresURL(try #require(fixture.database).url),
                                                         notifyChanges: false)
            defer { Task { _ = try? await quiet.shutDown() } }
            var events = first.changeWakeUps().makeAsyncIterator()
            #expect(try await events.next() == .listening)
            _ = try await quiet.insertLoggedFace(face(library), maxAppFaces: 10)
            _ = try await first.insertLoggedFace(face(library), maxAppFaces: 10)
            // Only the notifying store's change is announced (the quiet one's, first, is not).
            #expect(try await events.next() == .changed([library.id]))
        }
    }
}

extension LibraryRecord {
    /// The record with another face count.
    func with(faceCount: Int) -> LibraryRecord {
        var copy = self
        copy.faceCount = faceCount
        return copy
    }
}

/// Unix microseconds now.
enum SyncClock {
    static func micros() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}
