// Design note: an index load reads a library's rows inside one transaction
// while the index encodes them. AsyncThrowingStream buffers whatever is
// yielded, so a producer that ran ahead would hold a million embeddings in
// memory; here the producer delivers one element per pull and waits for the
// next pull (postgres-nio then stops reading the socket, and PostgreSQL
// stops sending). When the consumer stops iterating, the producer's wait
// ends with false and its transaction rolls back.

/// A stream whose producer runs one element ahead of its consumer at most.
enum DemandDrivenStream {
    /// `produce` is started on the first pull; `deliver` hands one element
    /// over and returns once the consumer asks for the next (false when it
    /// never will). An error thrown by `produce` ends the stream with it.
    static func make<Element: Sendable>(
        _ produce: @escaping @Sendable (_ deliver: @escaping @Sendable (Element) async -> Bool) async throws -> Void
    ) -> AsyncThrowingStream<Element, any Error> {
        let (pulls, pull) = AsyncStream<Void>.makeStream()
        let (output, send) = AsyncThrowingStream<Element, any Error>.makeStream()
        let pending = IteratorBox(pulls.makeAsyncIterator())
        let producer = Task {
            do {
                guard await pending.iterator.next() != nil else { return send.finish() }
                try await produce { element in
                    send.yield(element)
                    return await pending.iterator.next() != nil
                }
                send.finish()
            } catch {
                send.finish(throwing: error)
            }
        }
        let received = IteratorBox(output.makeAsyncIterator())
        let abandon = Abandonment { pull.finish(); producer.cancel() }
        return AsyncThrowingStream {
            pull.yield(())
            let element = try await received.iterator.next()
            if element == nil { abandon.fire() }
            return element
        }
    }
}

/// Holds an async iterator that one task at a time advances.
private final class IteratorBox<Iterator: AsyncIteratorProtocol>: @unchecked Sendable {
    var iterator: Iterator

    init(_ iterator: Iterator) {
        self.iterator = iterator
    }
}

/// Runs an idempotent action when fired, and again when the stream holding it is released.
private final class Abandonment: Sendable {
    private let action: @Sendable () -> Void

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = action
    }

    func fire() {
        action()
    }

    deinit {
        action()
    }
}
