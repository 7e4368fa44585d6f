import Synchronization

/// One `forEachChunk` call shared between its caller and the helpers lent to
/// it: chunks are taken from a shared counter, each exactly once, and the
/// participant that finishes the last one knows it.
///
/// A helper may join after every chunk is taken (it was woken late); it then
/// finds none and never calls the body. It may still hold the job after the
/// caller has returned, which is why the body is an escaping closure kept
/// alive by the job, and why it must not be called for a chunk ≥ `count`.
final class ChunkJob: @unchecked Sendable {
    // @unchecked: `body` is not Sendable (it captures the layer's buffers),
    // but its chunks touch disjoint memory by contract (each worker its own
    // scratch slice and output band) and it only runs while the caller waits
    // in `forEachChunk`; the counters are atomic and `finished` orders the
    // chunks' writes before the caller reads them.
    let count: Int
    private let body: (_ chunk: Int, _ worker: Int) -> Void
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let joined = Atomic<Int>(0)
    private let allDone = ThreadSemaphore()

    init(count: Int, body: @escaping (_ chunk: Int, _ worker: Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// The worker index of a helper joining: 1, 2, … (the caller is 0), so
    /// with at most `workers − 1` helpers lent every index is below `workers`.
    func joinAsHelper() -> Int {
        joined.add(1, ordering: .relaxed).newValue
    }

    /// Runs chunks as `worker` until none is left or `keepsGoing` (asked
    /// before each chunk) says stop; true when this participant finished the
    /// last chunk of the job.
    func work(as worker: Int, while keepsGoing: () -> Bool) -> Bool {
        while keepsGoing() {
            let chunk = next.add(1, ordering: .relaxed).oldValue
            guard chunk < count else { return false }
            body(chunk, worker)
            if finished.add(1, ordering: .acquiringAndReleasing).newValue == count { return true }
        }
        return false
    }

    /// Called by the helper that finished the last chunk.
    func signalAllDone() {
        allDone.signal()
    }

    /// Called by the caller when it did not finish the last chunk itself:
    /// returns once the helper that does has signalled.
    func waitUntilAllDone() {
        allDone.wait()
    }
}
