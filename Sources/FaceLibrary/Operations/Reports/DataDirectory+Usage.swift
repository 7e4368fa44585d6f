import FaceStore

extension DataDirectory {
    /// Every app with its libraries, faces and estimated index memory.
    public func usage(memory: IndexMemoryEstimate = .documented) async throws -> [AppUsageReport] {
        let libraries = Dictionary(grouping: try await storage.allLibraries(), by: \.appID)
        return try await storage.apps().map { app in
            let own = libraries[app.id] ?? []
            return AppUsageReport(app: AppSummary(app, libraries: own), libraries: own.map { library in
                LibraryUsage(groupID: library.groupID, name: library.name, modelVersion: library.modelVersion,
                             faces: library.faceCount,
                             indexBytes: memory.bytes(library.faceCount,
                                                      ModelVersion.embeddingDimension(of: library.modelVersion) ?? 0))
            })
        }
    }
}
