import FaceIndex
import FaceStore
import Foundation
import Logging
import Synchronization

/// Every library replica of this node, by library row id.
///
/// A replica is made the first time a library is asked for (at start for
/// every library, later on a search, a write or a notification) and removed
/// when the log says the library was freed. Library ids are never reused, so
/// a freed id stays gone.
final class ReplicaSet: Sendable {
    let statistics: SyncStatistics
    private let table: ReplicaTable
    private let context: ReplicaContext

    init(changeLog: any LibraryChangeLog, dimension: Int, statistics: SyncStatistics, logger: Logger) {
        let table = ReplicaTable()
        self.table = table
        self.statistics = statistics
        context = ReplicaContext(changeLog: changeLog, dimension: dimension, statistics: statistics, logger: logger,
                                 forget: { table.forget($0) })
    }

    /// The library's replica, made if needed; nil once the library is gone.
    func replica(for libraryID: Int64) -> LibraryReplica? {
        table.replica(for: libraryID) { LibraryReplica(libraryID: libraryID, context: context) }
    }

    /// The library's index, loading it if needed; nil once the library is gone.
    func index(forLibrary libraryID: Int64) async throws -> VectorIndex? {
        try await replica(for: libraryID)?.index()
    }

    /// Returns once the library's index reflects `head`.
    func sync(to head: LibraryHead) async throws {
        try await replica(for: head.libraryID)?.sync(to: head)
    }

    /// Catches the library up with its log.
    func refresh(libraryID: Int64) async throws {
        try await replica(for: libraryID)?.refresh()
    }

    /// Applies this node's own committed write to the library's index.
    func apply(_ receipt: ChangeReceipt, _ operation: LibraryChange.Operation) async throws {
        try await replica(for: receipt.libraryID)?.apply(receipt, operation)
    }

    /// Forgets a freed library for good.
    func drop(libraryID: Int64) {
        table.forget(libraryID)?.drop()
    }

    /// The replicas that exist now.
    var replicas: [LibraryReplica] { table.all }

    /// Size and position of every loaded index, by library row id.
    func figures() -> [Int64: IndexFigures] {
        var figures: [Int64: IndexFigures] = [:]
        for replica in table.all {
            if let loaded = replica.figures { figures[replica.libraryID] = loaded }
        }
        return figures
    }

    /// The indexes loaded so far, by library row id.
    func loadedIndexes() -> [Int64: VectorIndex] {
        var indexes: [Int64: VectorIndex] = [:]
        for replica in table.all {
            if let current = replica.current { indexes[replica.libraryID] = current.index }
        }
        return indexes
    }
}

/// The replicas by id, and the ids of libraries known to be gone.
private final class ReplicaTable: Sendable {
    private struct State {
        var replicas: [Int64: LibraryReplica] = [:]
        var gone: Set<Int64> = []
    }

    private let state = Mutex(State())

    func replica(for libraryID: Int64, make: () -> LibraryReplica) -> LibraryReplica? {
        state.withLock { state in
            if state.gone.contains(libraryID) { return nil }
            if let replica = state.replicas[libraryID] { return replica }
            let replica = make()
            state.replicas[libraryID] = replica
            return replica
        }
    }

    @discardableResult
    func forget(_ libraryID: Int64) -> LibraryReplica? {
        state.withLock { state in
            state.gone.insert(libraryID)
            return state.replicas.removeValue(forKey: libraryID)
        }
    }

    var all: [LibraryReplica] { state.withLock { Array($0.replicas.values) } }
}
