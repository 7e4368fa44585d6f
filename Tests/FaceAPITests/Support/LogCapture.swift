import Logging
import Synchronization

/// Keeps every log line of the loggers it makes, for tests of what the
/// server writes to its log (and what it must never write).
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger at `level` whose lines (message and metadata) go to this capture.
    func logger(label: String, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line so far.
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// The lines whose message is `message`.
    func lines(withMessage message: String) -> [String] {
        lines.withLock { $0.filter { $0.hasPrefix(message + " ") || $0 == message } }
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            capture.append(([event.message.description] + fields).joined(separator: " "))
        }
    }
}
