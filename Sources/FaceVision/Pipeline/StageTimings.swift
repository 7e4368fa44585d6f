/// Time one analysis spent in each pipeline stage, for the caller's metrics
/// (this module records none itself).
public struct StageTimings: Sendable, Equatable {
    /// Bytes → pixels.
    public var decode: Duration = .zero
    /// Working-resolution resize and face detection (every orientation tried).
    public var detect: Duration = .zero
    /// 5-point landmarks of every face kept.
    public var landmarks: Duration = .zero
    /// Aligned 150×150 chips.
    public var align: Duration = .zero
    /// Embeddings of the chips.
    public var embed: Duration = .zero

    /// No time in any stage yet.
    public init() {}

    /// Runs `body`, adding its duration to `stage`.
    mutating func time<T>(_ stage: WritableKeyPath<StageTimings, Duration>, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { self[keyPath: stage] += ContinuousClock.now - start }
        return try body()
    }
}
