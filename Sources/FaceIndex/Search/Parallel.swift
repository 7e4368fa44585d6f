import BlockingWork

/// Runs `body(worker)` for workers 0..<count on the calling thread and the
/// helpers the process's idle cores lend (`HelperPool.shared`, the budget
/// CNN passes share), and returns their results in worker order. The split
/// is fixed by `count`, so results never depend on how many threads ran it.
func runInParallel<Result: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
    HelperPool.shared.map(count, body)
}
