import BlockingWork
import FaceIndex
import FaceStore
import Logging
import Synchronization

// Design note: one exact vector index per face library, built from the
// library's stored embeddings the first time it is needed (at start-up for
// every library, see `LibraryServices.loadIndexes`), then kept in step with
// the database by the service, which updates it after each commit and before
// answering. A library's model never changes, so one index per library is one
// index per (library, model version).
//
// Invariants:
// - An index reflects every face committed before its load finished, plus
//   every insert and removal the service applied afterwards: callers await the
//   load before updating, and inserts skip ids the load already read.
// - Library and face row ids are never reused (AUTOINCREMENT), so a dropped
//   library stays dropped: a late insert for it (an `add` racing `free`) is
//   ignored instead of resurrecting an index.
// - Index calls block (a scan, an update waiting for a compaction, a batch
//   being encoded), so they run on lanes (BlockingWork, see `IndexLanes`),
//   never on the cooperative pool. A scan never reads storage: it returns a
//   shortlist, rescored afterwards (async) from the embeddings read with the
//   hits' records.
// - With several nodes on PostgreSQL (`replicas`), the indexes belong to
//   the node's library replicas, which follow the database's change log
//   (see `LibraryReplica`); writes then apply through their log position and
//   a search first waits until its library's index reached the head it read.

/// The in-memory vector indexes of every face library.
public final class LibraryIndexes: Sendable {
    private struct State {
        var entries: [Int64: Task<VectorIndex, any Error>] = [:]
        /// The entries whose load has finished: served without awaiting a task,
        /// and what the gauges report without waiting for loads in progress.
        var loaded: [Int64: VectorIndex] = [:]
        var dropped: Set<Int64> = []
    }

    private let storage: any FaceStorage
    private let dimension: Int
    private let logger: Logger
    private let state = Mutex(State())
    /// The node's library replicas when several nodes share a PostgreSQL database.
    let replicas: ReplicaSet?

    /// Indexes embeddings of `dimension` floats read from `storage`.
    public init(storage: any FaceStorage, dimension: Int, logger: Logger) {
        self.storage = storage
        self.dimension = dimension
        self.logger = logger
        replicas = nil
    }

    /// Indexes kept by following `changeLog` (PostgreSQL mode).
    init(storage: any FaceStorage, changeLog: any LibraryChangeLog, dimension: Int, logger: Logger) {
        self.storage = storage
        self.dimension = dimension
        self.logger = logger
        replicas = ReplicaSet(changeLog: changeLog, dimension: dimension, statistics: SyncStatistics(), logger: logger)
    }

    /// The library's index, loading it first if needed; nil once the library was dropped.
    /// `expectedFaces` (the stored count, when known) sizes a new index's id map up front.
    func index(forLibrary libraryID: Int64, expectedFaces: Int = 0) async throws -> VectorIndex? {
        if let replicas { return try await replicas.index(forLibrary: libraryID) }
        enum Lookup { case dropped, ready(VectorIndex), loading(Task<VectorIndex, any Error>) }
        let lookup: Lookup = state.withLock { state in
            if state.dropped.contains(libraryID) { return .dropped }
            if let index = state.loaded[libraryID] { return .ready(index) }
            if let existing = state.entries[libraryID] { return .loading(existing) }
            let task = Task { [storage, dimension] in
                try await PipelineMetrics.measure(.indexLoad) {
                    try await Self.load(libraryID: libraryID, from: storage, dimension: dimension,
                                        expectedFaces: expectedFaces)
                }
            }
            state.entries[libraryID] = task
            return .loading(task)
        }
        let loading: Task<VectorIndex, any Error>
        switch lookup {
        case .dropped: return nil
        case .ready(let index): return index
        case .loading(let task): loading = task
        }
        do {
            let index = try await loading.value
            state.withLock { state in
                if state.entries[libraryID] == loading { state.loaded[libraryID] = index }
            }
            return index
        } catch {
            // Forget the failed load so that the next request tries again.
            state.withLock { state in
                if state.entries[libraryID] == loading { state.entries[libraryID] = nil }
            }
            logger.error("cannot load the library's vector index",
                         metadata: ["library": "\(libraryID)", "error": "\(error)"])
            throw error
        }
    }

    /// Adds a committed face's embedding to its library's index (with
    /// replicas: through the change's `receipt`, or the log without one).
    func insert(faceID: Int64, embedding: [Float], libraryID: Int64, receipt: ChangeReceipt? = nil) async throws {
        if let replicas {
            return await apply(receipt, .added([EmbeddingRecord(faceID: faceID, embedding: embedding)]),
                               libraryID: libraryID, replicas: replicas)
        }
        guard let index = try await index(forLibrary: libraryID) else { return }
        try await IndexLanes.update {
            guard !index.contains(id: faceID) else { return }
            try index.add(id: faceID, vector: embedding)
        }
    }

    /// Removes deleted faces from their library's index (with replicas:
    /// through the change's `receipt`, or the log without one).
    func remove(faceIDs: some Sequence<Int64>, libraryID: Int64, receipt: ChangeReceipt? = nil) async throws {
        if let replicas {
            return await apply(receipt, .removed(Array(faceIDs)), libraryID: libraryID, replicas: replicas)
        }
        guard let index = try await index(forLibrary: libraryID) else { return }
        let ids = Array(faceIDs)
        try await IndexLanes.update {
            for id in ids { index.remove(id: id) }
        }
    }

    /// Waits until the library's index reflects `head` (with replicas; at
    /// once otherwise, where writes update the index before they answer).
    func catchUp(to head: LibraryHead?) async throws {
        guard let replicas, let head else { return }
        try await replicas.sync(to: head)
    }

    /// A node's own write moves its replica forward. A failure here is
    /// logged, not thrown: the write is committed, and every later search
    /// catches the index up before scanning.
    private func apply(_ receipt: ChangeReceipt?, _ operation: LibraryChange.Operation, libraryID: Int64,
                       replicas: ReplicaSet) async {
        do {
            if let receipt {
                try await replicas.apply(receipt, operation)
            } else {
                try await replicas.refresh(libraryID: libraryID)
            }
        } catch {
            logger.warning("a committed write is not in this node's index yet; searches catch it up",
                           metadata: ["library": "\(libraryID)", "error": "\(error)"])
        }
    }

    /// Forgets a deleted library's index for good.
    func drop(libraryID: Int64) {
        replicas?.drop(libraryID: libraryID)
        let loading = state.withLock { state in
            state.dropped.insert(libraryID)
            state.loaded[libraryID] = nil
            return state.entries.removeValue(forKey: libraryID)
        }
        loading?.cancel()
    }

    /// The `k` faces of the library most similar to `query`, best first (ties
    /// by smaller row id), with their records and exact scores; empty once the
    /// library was dropped.
    ///
    /// The index finds a shortlist from its compact codes; the scores are
    /// those of the stored embeddings, read with the records in one storage
    /// call of at most k + `Shortlist.maxNearTies` rows and rescored here. So a
    /// pair's score never depends on what else the library holds. A face
    /// deleted between the scan and the read is not answered.
    func search(libraryID: Int64, query: [Float], k: Int) async throws -> [(record: FaceRecord, score: Double)] {
        let shortlist = try await PipelineMetrics.measure(.indexSearch) {
            try await self.shortlist(libraryID: libraryID, query: query, k: k)
        }
        guard let shortlist, !shortlist.ids.isEmpty else { return [] }
        let stored = try await storage.storedFaces(libraryID: libraryID, ids: shortlist.ids)
        let byID = Dictionary(stored.map { ($0.record.id, $0) }, uniquingKeysWith: { first, _ in first })
        return shortlist.ranked(exactVectors: byID.mapValues(\.embedding)).compactMap { hit in
            byID[hit.id].map { (record: $0.record, score: hit.score) }
        }
    }

    /// The index's shortlist for `query`; nil once the library was dropped.
    private func shortlist(libraryID: Int64, query: [Float], k: Int) async throws -> Shortlist? {
        guard let index = try await index(forLibrary: libraryID) else { return nil }
        return try await IndexLanes.scansAndUpdates.run { _ in
            try index.search(query: query, k: min(k, VectorIndex.maxK))
        }
    }

    /// Bytes held by the indexes loaded so far, per library row id.
    public func memoryBytes() async -> [Int64: Int] {
        loadedIndexes().mapValues(\.memoryBytes)
    }

    /// The indexes whose load has finished, per library row id; never waits
    /// for a load in progress (a metrics scrape during start-up stays fast).
    func loadedIndexes() -> [Int64: VectorIndex] {
        replicas?.loadedIndexes() ?? state.withLock { $0.loaded }
    }

    private static func load(libraryID: Int64, from storage: any FaceStorage, dimension: Int,
                             expectedFaces: Int) async throws -> VectorIndex {
        var builder = try await IndexBuilder(dimension: dimension, capacity: expectedFaces)
        for try await batch in storage.embeddings(libraryID: libraryID, batchSize: IndexBuilder.batchSize) {
            try await builder.add(batch)
        }
        return try await builder.finish()
    }
}
