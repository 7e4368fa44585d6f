import BlockingWork
import Inference

/// How one analysis spreads its detection and embedding over the cores.
public enum AnalysisThreading: String, Sendable, CaseIterable {
    /// Its lane's thread only: one core per analysis.
    case serial
    /// Its lane's thread plus the cores no other analysis occupies
    /// (`HelperPool.shared`, asked at every layer): one request alone gets
    /// every core, concurrent requests one each. Same results as `serial`.
    case adaptive

    /// The inference policy this means.
    public var parallelism: Parallelism {
        switch self {
        case .serial: .serial
        case .adaptive: .adaptive
        }
    }
}
