import BlockingWork

/// An image as it arrived: raw file bytes, or base64 text still to decode.
///
/// Decoding waits until `encodedBytes(limit:on:)` because the contract checks
/// the image only after the arguments and the library's existence.
public struct ImageArgument: Sendable, Equatable {
    /// The field that carried it, named in image errors.
    public let field: ImageField
    private let payload: Payload

    private enum Payload: Equatable {
        case binary([UInt8])
        case base64([UInt8])
    }

    /// An image sent as a file part.
    public init(field: ImageField, binary: [UInt8]) {
        self.field = field
        payload = .binary(binary)
    }

    /// An image sent as base64 text, optionally with a `data:image/...;base64,` prefix and line breaks.
    public init(field: ImageField, base64: [UInt8]) {
        self.field = field
        payload = .base64(base64)
    }

    /// The encoded image file (JPEG, PNG, …), at most `limit` bytes, decoded
    /// from base64 on `lanes` (`RequestWork`) when the text is large.
    ///
    /// - Throws: `.imageTooLarge` over the limit; `.unsupportedFormat` for
    ///   text that is not base64 or for an empty image.
    public func encodedBytes(limit: Int, on lanes: Lanes) async throws -> [UInt8] {
        guard case .base64(let text) = payload else { return try encodedBytes(limit: limit) }
        return try await RequestWork.run(bytes: text.count, on: lanes) { try encodedBytes(limit: limit) }
    }

    /// The encoded image file (JPEG, PNG, …), at most `limit` bytes, decoded
    /// on the calling thread.
    ///
    /// - Throws: `.imageTooLarge` over the limit; `.unsupportedFormat` for
    ///   text that is not base64 or for an empty image.
    public func encodedBytes(limit: Int) throws(LibraryError) -> [UInt8] {
        let bytes: [UInt8]
        switch payload {
        case .binary(let raw):
            bytes = raw
        case .base64(let text):
            // 4 base64 characters make 3 bytes: refuse a huge text before decoding it.
            guard text.count / 4 * 3 <= limit + 3 else { throw .imageTooLarge(field) }
            guard let decoded = Self.decodeBase64(text) else { throw .unsupportedImageFormat(field) }
            bytes = decoded
        }
        guard bytes.count <= limit else { throw .imageTooLarge(field) }
        guard !bytes.isEmpty else { throw .unsupportedImageFormat(field) }
        return bytes
    }

    /// The bytes of base64 `text`, after an optional `data:…;base64,` prefix
    /// (see `Base64Decoder` for line breaks and spaces); nil when it is not base64.
    static func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
        var body = text[...]
        if body.starts(with: Array("data:".utf8)) {
            guard let comma = body.firstIndex(of: UInt8(ascii: ",")),
                  body[..<comma].reversed().starts(with: Array(";base64".utf8).reversed()) else { return nil }
            body = body[(comma + 1)...]
        }
        return Base64Decoder.decode(body)
    }
}
