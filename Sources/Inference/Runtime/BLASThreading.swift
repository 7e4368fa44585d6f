import CBLAS

/// The process-wide OpenBLAS threading policy of the inference engine.
///
/// OpenBLAS's own thread pool is switched off (one thread per BLAS call) and
/// the engine parallelises itself by splitting a layer's output rows across
/// workers (`Parallelism`). Measured on the 2-core target (see
/// `make bench-inference`): BLAS threads on the small per-layer matrices of these
/// networks cost more in hand-offs than they gain, and they oversubscribe the
/// cores as soon as two requests run at once. The call is process-wide and
/// idempotent; every network calls it when it is built.
public enum BLASThreading {
    private static let applied: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Puts OpenBLAS in single-threaded mode (once per process).
    public static func useSingleThreadedBLAS() {
        _ = applied
    }

    /// The number of threads OpenBLAS currently uses per call.
    public static var blasThreads: Int { Int(openblas_get_num_threads()) }
}
