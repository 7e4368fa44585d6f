/// Why a request body could not be read as a form.
public enum FormError: Error, Equatable, Sendable {
    /// A body whose Content-Type is neither multipart/form-data nor urlencoded.
    case unsupportedContentType
    /// A body that does not follow its Content-Type's syntax; the text says where.
    case malformed(String)
}
