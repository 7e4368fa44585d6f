/// One app's libraries with their size, for `facectl stats`.
public struct AppUsageReport: Sendable, Equatable {
    public let app: AppSummary
    public let libraries: [LibraryUsage]
    /// Estimated bytes of all the app's library indexes.
    public var indexBytes: Int { libraries.reduce(0) { $0 + $1.indexBytes } }
}

/// One library's size.
public struct LibraryUsage: Sendable, Equatable {
    public let groupID: String
    public let name: String
    public let modelVersion: String
    public let faces: Int
    /// Estimated bytes of the library's vector index in a server.
    public let indexBytes: Int
}
