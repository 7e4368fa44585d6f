import BlockingWork

/// Where index calls run. They block (a scan, an update waiting for a
/// compaction, a batch being encoded), so never on the cooperative pool; both
/// are CPU-heavy, so at background priority. Shared by the single-node indexes
/// and the cluster's library replicas.
enum IndexLanes {
    /// Searches and updates, process-wide. Lanes waiting in the index's search
    /// batcher hold no core, so there are more lanes than cores: the searches
    /// that arrive together share one pass over the index.
    static let updates = Lanes(name: "FaceLibrary.index", count: 8, priority: .background)
    /// Loads' encoding, process-wide; each job holds a core of the budget CNN
    /// passes share (`HelperPool.shared`) while it encodes.
    static let loads = Lanes(name: "FaceLibrary.indexLoad", count: HelperPool.shared.cores,
                             priority: .background, occupying: .shared)
}
