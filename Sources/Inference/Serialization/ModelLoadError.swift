/// Why a dlib model file could not be loaded.
///
/// Every case names the byte offset where reading stopped and what was being
/// read, so a wrong, foreign or truncated file is diagnosed without a debugger.
public enum ModelLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read at all.
    case unreadable(path: String, reason: String)
    /// The file ended while `context` was being read.
    case truncated(offset: Int, context: String)
    /// A value at `offset` is not what the network definition requires.
    case mismatch(offset: Int, context: String, expected: String, found: String)
    /// Bytes remain after the last layer of the network.
    case trailingBytes(offset: Int, count: Int)

    /// A one-line explanation naming the offset and what was read.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read model file \(path): \(reason)"
        case let .truncated(offset, context):
            return "model file ends at byte \(offset) while reading \(context)"
        case let .mismatch(offset, context, expected, found):
            return "model file byte \(offset), \(context): expected \(expected), found \(found)"
        case let .trailingBytes(offset, count):
            return "model file has \(count) unexpected bytes after the network, from byte \(offset)"
        }
    }
}
