import FaceStore
import Logging
import NIOCore
import PostgresNIO
import Synchronization

// Design note: the vector index asks for a few exact embeddings from inside
// a search, on a Dispatch thread that may block, and waits for them. Waiting
// there for async work that needs Swift's cooperative pool could starve it
// (on Linux both run on Dispatch's threads), so these lookups never touch
// the pool: they use one dedicated connection and postgres-nio's future API,
// completed on its own event loop, with a deadline that closes the
// connection. A broken connection is replaced at the next lookup. A failed
// lookup costs nothing but precision: the index then orders near-ties by its
// codes (see `ExactVectorProvider`). (Branch work replaces this synchronous
// lookup with an exact rescore fetched asynchronously by the service.)

/// Reads exact embeddings for the vector index from a blocking thread.
final class ExactEmbeddingLookup: Sendable {
    private let url: PostgresURL
    private let timeouts: PostgresTimeouts
    private let applicationName: String
    private let logger: Logger
    private let connection = Mutex<EventLoopFuture<PostgresConnection>?>(nil)

    init(url: PostgresURL, timeouts: PostgresTimeouts, applicationName: String, logger: Logger) {
        self.url = url
        self.timeouts = timeouts
        self.applicationName = applicationName
        self.logger = logger
    }

    /// The stored embeddings of these faces of the library, keyed by face id.
    /// Blocks the calling thread, which must not be an event loop or the cooperative pool.
    func embeddings(libraryID: Int64, ids: [Int64]) throws -> [Int64: [Float]] {
        let pending = currentConnection()
        let result = pending.eventLoop.makePromise(of: PostgresQueryResult.self)
        pending.flatMap { [logger] connection in
            connection.query("SELECT id, embedding FROM faces WHERE library_id = \(libraryID) AND id = ANY(\(ids))",
                             logger: logger)
        }.cascade(to: result)
        // One deadline for connecting and querying; closing the connection ends a query in flight.
        let deadline = pending.eventLoop.scheduleTask(in: .milliseconds(timeouts.call.milliseconds)) {
            result.fail(StorageError(.unavailable, "exact embeddings: no answer from PostgreSQL within \(self.timeouts.call)"))
            pending.whenSuccess(closeNow)
        }
        result.futureResult.whenComplete { _ in deadline.cancel() }
        do {
            var found: [Int64: [Float]] = [:]
            for row in try result.futureResult.wait().rows {
                let (id, embedding) = try row.decode((Int64, ByteBuffer).self)
                found[id] = embedding.withUnsafeReadableBytes(EmbeddingCodec.decode)
            }
            return found
        } catch {
            connection.withLock { if $0 === pending { $0 = nil } }
            pending.whenSuccess(closeNow)
            throw StorageError.from(error, doing: "read exact embeddings")
        }
    }

    /// Closes the connection, if one is open.
    func close() {
        connection.withLock { $0.take() }?.whenSuccess(closeNow)
    }

    private func currentConnection() -> EventLoopFuture<PostgresConnection> {
        connection.withLock { current in
            if let current { return current }
            let opening = PostgresLogin.connectFuture(url, timeouts: timeouts, applicationName: applicationName,
                                                      logger: logger)
            current = opening
            return opening
        }
    }
}
