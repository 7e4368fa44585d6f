import BlockingWork

/// Where index calls run. They block (a scan, an update waiting for a
/// compaction, a batch being encoded), so never on the cooperative pool; both
/// are CPU-heavy, so at background priority. Shared by the single-node indexes
/// and the cluster's library replicas.
enum IndexLanes {
    /// Scans and updates, process-wide. Lanes waiting in the index's search
    /// batcher hold no core, so there are more lanes than cores: the searches
    /// that arrive together share one pass over the index.
    static let scansAndUpdates = Lanes(name: "FaceLibrary.index", count: 8, priority: .background)
    /// Loads' encoding, process-wide; each job holds a core of the budget CNN
    /// passes share (`HelperPool.shared`) while it encodes.
    static let loads = Lanes(name: "FaceLibrary.indexLoad", count: HelperPool.shared.cores,
                             priority: .background, occupying: .shared)

    /// Applies a committed change to an index on `scansAndUpdates`, to the end
    /// even when the calling task is cancelled: `Lanes` drops a cancelled
    /// task's queued job, and an index that missed a commit would not find
    /// the face until the next start.
    static func update(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await Task { try await scansAndUpdates.run { _ in try body() } }.value
    }
}
