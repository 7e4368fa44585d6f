import Dispatch

/// Runs `body(worker)` for workers 0..<count on the calling thread and
/// Dispatch's pool, and returns their results in worker order.
func runInParallel<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    guard count > 1 else { return [body(0)] }
    let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer { slots.deallocate() }
    // Each worker writes only its own slot; concurrentPerform returns after all have finished.
    nonisolated(unsafe) let shared = slots
    DispatchQueue.concurrentPerform(iterations: count) { worker in
        shared[worker] = body(worker)
    }
    return slots.map { $0! }
}
