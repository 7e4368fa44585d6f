import Foundation

/// Starts the runtime's own threads: named, at a given priority, and never
/// borrowed from Dispatch's pool (which on Linux also runs Swift's
/// cooperative executor, so blocking there stalls every async task).
enum DedicatedThread {
    /// The name of the calling thread if the runtime started it.
    static var currentName: String? {
        Thread.current.threadDictionary[nameKey] as? String
    }

    /// Starts a thread running `body`; it ends when `body` returns.
    static func start(name: String, priority: ThreadPriority, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            priority.applyToCurrentThread()
            Thread.current.threadDictionary[nameKey] = name
            body()
        }
        thread.name = name
        thread.start()
    }

    private static let nameKey = "BlockingWork.thread"
}
