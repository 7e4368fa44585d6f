#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OS scheduling priority of a runtime thread.
///
/// CPU-heavy lanes (CNN passes, index scans and loads, large decodes) and the
/// helpers lent to them run at `background`, the threads answering requests
/// (the event loops, Swift's cooperative pool, SQLite's lanes) at the
/// process's own priority. On a machine whose cores a CNN pass fills, the
/// kernel then runs a light request's thread first as soon as it wakes,
/// instead of sharing the core evenly with the pass.
public enum ThreadPriority: Sendable, Equatable {
    /// The priority the process started with.
    case normal
    /// Lower than `normal`: Linux nice `backgroundNice` for the thread alone.
    case background

    /// The nice value of `background` threads. At nice 5 a thread weighs a
    /// third of a nice-0 one in Linux's fair scheduler, and its virtual
    /// deadline is three times as far, so a request thread that wakes takes
    /// the core first. Not lower: nice applies against every process of the
    /// session too, and on a host shared with other busy processes nice 10 (a
    /// tenth) starves CPU-heavy work (woken helpers went unscheduled for 0.3 s
    /// on a build machine at load 10).
    public static let backgroundNice: Int32 = 5

    /// Gives the calling thread this priority. Lowering a priority needs no
    /// privilege; a thread is never raised back (that would need one).
    func applyToCurrentThread() {
        guard self == .background else { return }
        #if os(Linux)
        // On Linux the nice value is per thread, and `who = 0` names the
        // calling thread (its kernel task), not the whole process.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.backgroundNice)
        #elseif canImport(Darwin)
        _ = pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0)
        #endif
    }

    /// The calling thread's nice value (Linux; 0 elsewhere), for tests and diagnostics.
    public static var currentNice: Int32 {
        #if os(Linux)
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        0
        #endif
    }
}
