import BlockingWork

/// Where the CPU-heavy steps of a request run that have no lane of their own
/// (decoding a large body or base64 image): never on the request's task, so
/// a tenant's 6 MB upload does not hold a cooperative thread other tenants'
/// requests need.
///
/// One lane per core at background priority, each job holding a core of the
/// process's budget (`HelperPool.shared`); FIFO and never refused (a body is
/// bounded by the size limit and the app's concurrency limit already).
/// Below `inlineBytes` of input a step runs inline: the hop to a lane (two
/// thread wake-ups) would cost more than the step.
public enum RequestWork {
    /// The process's request-work lanes.
    public static let lanes = Lanes(name: "FaceLibrary.requestWork", count: HelperPool.shared.cores,
                                    priority: .background, occupying: .shared)

    /// Inputs below this many bytes are processed on the caller's task.
    public static let inlineBytes = 64 * 1024

    /// Runs `work`, which processes `bytes` bytes of input, inline when small,
    /// otherwise on `lanes`.
    public static func run<T: Sendable>(bytes: Int, on lanes: Lanes = Self.lanes,
                                        _ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard bytes >= inlineBytes else { return try work() }
        return try await lanes.run { _ in try work() }
    }
}
