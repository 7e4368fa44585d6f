import FaceIndex
import FaceStore
import Foundation
import Logging
import Synchronization

// Design note: one library's vector index on this node, kept at a known
// position of the library's change log (see `LibraryChangeLog`).
//
// Invariants:
// - `position` is the log position the published index reflects: the index
//   is changed first and the position published after, under the lane, so a
//   search that saw position ≥ n scans an index holding changes 1…n.
// - A change is applied only on top of the change before it: the row at the
//   node's position must carry the node's tag and the rows after it must
//   follow without a gap. Anything else (pruned rows, a gap, another tag,
//   another incarnation, a database behind the node, a bulk import) rebuilds
//   the index from a snapshot and swaps it in whole, so a search sees the old
//   index or the new one, never a mix.
// - The node's own writes carry a receipt: when the index stands exactly at
//   the receipt's previous position the write is applied from memory;
//   otherwise the log is read.

/// One library's index and the log position it reflects.
final class LibraryReplica: Sendable {
    /// Changes read per statement when catching up.
    static let changesPerRead = 256

    let libraryID: Int64
    private let context: ReplicaContext
    private let lane = ReplicaLane()
    private let state = Mutex(State())

    private struct State {
        var index: VectorIndex?
        var incarnation: UUID?
        var position = ChangePosition.origin
        /// The index's vectors at `position` (what `facectl check` compares).
        var vectors = 0
        /// An incarnation the database reported that differs from the index's.
        var reportedIncarnation: UUID?
        /// The library is gone (freed): nothing is loaded again.
        var dropped = false
    }

    init(libraryID: Int64, context: ReplicaContext) {
        self.libraryID = libraryID
        self.context = context
    }

    /// The index and its position now, if loaded.
    var current: (index: VectorIndex, incarnation: UUID, position: ChangePosition)? {
        state.withLock { state in
            guard let index = state.index, let incarnation = state.incarnation, !state.dropped else { return nil }
            return (index, incarnation, state.position)
        }
    }

    var isDropped: Bool { state.withLock(\.dropped) }

    /// The index's size and position, read together; nil when not loaded.
    var figures: IndexFigures? {
        state.withLock { state in
            guard let index = state.index, !state.dropped else { return nil }
            return IndexFigures(vectors: state.vectors, bytes: index.memoryBytes, appliedSeq: state.position.seq)
        }
    }

    /// The index, loading it first if needed; nil once the library is gone.
    func index() async throws -> VectorIndex? {
        if let current { return current.index }
        try await lane.enqueue { [self] in
            if state.withLock({ $0.index == nil && !$0.dropped }) { try await reload(because: nil) }
        }.value
        return current?.index
    }

    /// Returns once the index reflects `head`: its incarnation, and at least its seq.
    func sync(to head: LibraryHead) async throws {
        if isCurrent(with: head) { return }
        state.withLock { state in
            if let incarnation = state.incarnation, incarnation != head.incarnation {
                state.reportedIncarnation = head.incarnation
            }
        }
        try await refresh()
    }

    /// Reads and applies whatever the log holds beyond the index's position
    /// (a catch-up that starts after this call).
    func refresh() async throws {
        try await lane.enqueueCatchUp { [self] in try await catchUp() }.value
    }

    /// Applies the node's own committed write: from memory when the index
    /// stands at the receipt's previous position, else by reading the log.
    func apply(_ receipt: ChangeReceipt, _ operation: LibraryChange.Operation) async throws {
        try await lane.enqueue { [self] in
            guard let current, current.position == receipt.previous else {
                if let current, current.position.seq >= receipt.current.seq { return }
                try await catchUp()
                return
            }
            try await IndexLanes.update { try Self.apply(operation, to: current.index) }
            publish(receipt.current, of: current.index)
        }.value
    }

    /// Marks the library gone: its index is released and never loaded again.
    func drop() {
        state.withLock { state in
            state.dropped = true
            state.index = nil
        }
    }

    private func isCurrent(with head: LibraryHead) -> Bool {
        state.withLock { state in
            state.dropped || (state.index != nil && state.incarnation == head.incarnation && state.position.seq >= head.seq)
        }
    }

    /// Follows the log from the index's position to its end (runs on the lane).
    private func catchUp() async throws {
        guard let current else {
            if !isDropped { try await reload(because: nil) }
            return
        }
        if let reported = state.withLock({ $0.reportedIncarnation }), reported != current.incarnation {
            return try await reload(because: .incarnation)
        }
        let index = current.index
        var position = current.position
        while true {
            let changes = try await context.changeLog.changes(libraryID: libraryID, from: position.seq,
                                                              limit: Self.changesPerRead)
            var pending = changes[...]
            if position.seq > 0 {
                // The row at our position proves we share the database's history.
                guard let first = pending.first, first.seq == position.seq else {
                    return try await reload(because: pending.isEmpty ? .behind : .pruned)
                }
                if position.tag != 0 && first.tag != position.tag { return try await reload(because: .tag) }
                pending = pending.dropFirst()
            }
            for change in pending {
                guard change.seq == position.seq + 1 else { return try await reload(because: .gap) }
                switch change.operation {
                case .freed:
                    return dropLibrary()
                case .replaced:
                    return try await reload(because: .replaced)
                case .added, .removed:
                    try await IndexLanes.update { try Self.apply(change.operation, to: index) }
                }
                position = change.position
                publish(position, of: index)
                context.statistics.recordApplied(committedAt: change.committedAt)
            }
            if changes.count < Self.changesPerRead { return }
        }
    }

    /// Builds a new index from a snapshot and swaps it in (runs on the lane);
    /// `reason` is nil for the first load.
    private func reload(because reason: ReloadReason?) async throws {
        var header: (head: LibraryHead, position: ChangePosition)?
        var builder: IndexBuilder?
        for try await part in context.changeLog.librarySnapshot(libraryID: libraryID, batchSize: IndexBuilder.batchSize) {
            switch part {
            case let .header(head, position):
                header = (head, position)
                builder = try await IndexBuilder(dimension: context.dimension, capacity: head.faceCount)
            case .faces(let batch):
                // The snapshot sends its header first, so the builder exists.
                try await builder?.add(batch)
            }
        }
        guard let header, let builder else { return dropLibrary() }
        let index = try await builder.finish()
        if let reason {
            context.statistics.recordReload(reason)
            context.logger.notice("library index reloaded from a snapshot", metadata: [
                "library": "\(libraryID)", "reason": "\(reason.rawValue)", "position": "\(header.position)",
            ])
        }
        state.withLock { state in
            guard !state.dropped else { return }
            state.index = index
            state.incarnation = header.head.incarnation
            state.position = header.position
            state.vectors = index.count
            state.reportedIncarnation = nil
        }
    }

    /// Publishes that the index now stands at `position`.
    private func publish(_ position: ChangePosition, of index: VectorIndex) {
        let vectors = index.count
        state.withLock { state in
            state.position = position
            state.vectors = vectors
        }
    }

    private func dropLibrary() {
        drop()
        context.forget(libraryID)
    }

    /// Applies added or removed faces to `index` (ids already held or absent are skipped).
    private static func apply(_ operation: LibraryChange.Operation, to index: VectorIndex) throws {
        switch operation {
        case .added(let faces):
            let new = faces.filter { !index.contains(id: $0.faceID) }
            if !new.isEmpty { try index.add(new) }
        case .removed(let ids):
            for id in ids { index.remove(id: id) }
        case .freed, .replaced:
            break
        }
    }
}

/// What every replica of a node shares.
struct ReplicaContext: Sendable {
    let changeLog: any LibraryChangeLog
    let dimension: Int
    let statistics: SyncStatistics
    let logger: Logger
    /// Removes a gone library's replica from its set.
    let forget: @Sendable (Int64) -> Void
}
