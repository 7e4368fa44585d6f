import FaceStore
import Metrics
import Synchronization

// Design note: per-library figures change with every add and delete, in this
// process and in facectl's, so they are read from the database (and the
// index seam) when metrics are scraped, not tracked on the request path.
// Gauges of libraries that no longer exist are destroyed, so a freed
// library's series disappear instead of freezing at their last value.

/// Publishes faces and index size per library as gauges, refreshed on demand.
///
/// `facesearch_library_faces{api_key,group_id,model_version}` (database),
/// `facesearch_index_bytes{api_key,group_id}` (live index, else estimated),
/// `facesearch_index_vectors{api_key,group_id}` (only for a loaded index),
/// `facesearch_index_applied_seq{api_key,group_id}` (the change the loaded
/// index reflects, where the node follows PostgreSQL's change log),
/// `facesearch_apps{state}`, and the face pipeline's load:
/// `facesearch_inferences_in_flight`, `facesearch_inferences_waiting`.
public final class LibraryGauges: Sendable {
    private let directory: DataDirectory
    private let index: (any IndexStatusProvider)?
    private let memory: IndexMemoryEstimate
    private let published = Mutex<[LibraryKey: [Gauge]]>([:])

    /// Reads `directory`; index figures come from `index` when given, else from `memory`.
    public init(directory: DataDirectory, index: (any IndexStatusProvider)?, memory: IndexMemoryEstimate = .documented) {
        self.directory = directory
        self.index = index
        self.memory = memory
    }

    /// Sets every gauge from the database and the indexes as they are now.
    public func refresh() async throws {
        let apps = try await directory.storage.apps()
        let libraries = try await directory.storage.allLibraries()
        let figures = await index?.indexFigures()
        let apiKeys = Dictionary(uniqueKeysWithValues: apps.map { ($0.id, $0.apiKey) })
        var current: [LibraryKey: [Gauge]] = [:]
        for library in libraries {
            guard let apiKey = apiKeys[library.appID] else { continue }
            let key = LibraryKey(apiKey: apiKey, groupID: library.groupID)
            let labels = [("api_key", apiKey), ("group_id", library.groupID)]
            let faces = Gauge(label: "facesearch_library_faces", dimensions: labels + [("model_version", library.modelVersion)])
            faces.record(library.faceCount)
            let bytes = Gauge(label: "facesearch_index_bytes", dimensions: labels)
            let dimension = ModelVersion.embeddingDimension(of: library.modelVersion) ?? 0
            bytes.record(figures?[library.id]?.bytes ?? memory.bytes(library.faceCount, dimension))
            var gauges = [faces, bytes]
            if let loaded = figures?[library.id] {
                let vectors = Gauge(label: "facesearch_index_vectors", dimensions: labels)
                vectors.record(loaded.vectors)
                gauges.append(vectors)
                if let seq = loaded.appliedSeq {
                    let applied = Gauge(label: "facesearch_index_applied_seq", dimensions: labels)
                    applied.record(seq)
                    gauges.append(applied)
                }
            }
            current[key] = gauges
        }
        let load = directory.services.recognition?.model.load ?? (running: 0, waiting: 0)
        Gauge(label: "facesearch_inferences_in_flight").record(load.running)
        Gauge(label: "facesearch_inferences_waiting").record(load.waiting)
        for state in AppRecord.State.allCases {
            Gauge(label: "facesearch_apps", dimensions: [("state", state.rawValue)])
                .record(apps.count { $0.state == state })
        }
        let gone = published.withLock { published in
            defer { published = current }
            return published.filter { current[$0.key] == nil }.values.flatMap { $0 }
        }
        for gauge in gone { gauge.destroy() }
    }
}
