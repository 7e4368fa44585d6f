import FaceLibrary

// Design note: a hand-written multipart/form-data reader (RFC 7578 on RFC
// 2046), pure and allocation-light so that it is fast in debug builds and can
// be fuzzed. It copies each part's content once and never reads past the
// buffer; every structural problem is a `FormError.malformed`.
//
//   body := [preamble CRLF] "--" boundary *( padding CRLF part CRLF "--" boundary ) "--" [epilogue]
//   part := *( header CRLF ) CRLF content
//
// Only Content-Disposition matters per part: `form-data; name="…"` and, for
// files, `filename="…"`.

/// Decodes a `multipart/form-data` body.
enum MultipartFormParser {
    /// Most parts accepted in one body.
    static let maxParts = 256
    /// Most bytes of one part's header block.
    static let maxHeaderBytes = 16 * 1024

    static func parse(_ body: [UInt8], boundary: String) throws(FormError) -> FormFields {
        let boundaryBytes = Array(boundary.utf8)
        guard (1...70).contains(boundaryBytes.count) else { throw .malformed("multipart boundary must be 1 to 70 bytes") }
        let delimiter = Array("\r\n--".utf8) + boundaryBytes
        let search = ByteSearch(body)

        // The first delimiter may open the body without its CRLF.
        var position: Int
        if body.starts(with: delimiter.dropFirst(2)) {
            position = delimiter.count - 2
        } else if let found = search.firstIndex(of: delimiter, from: 0) {
            position = found + delimiter.count
        } else {
            throw .malformed("multipart boundary not found")
        }

        var fields = FormFields()
        var parts = 0
        while true {
            if search.hasPrefix(Self.dashDash, at: position) { return fields }
            while position < body.count, body[position] == UInt8(ascii: " ") || body[position] == UInt8(ascii: "\t") {
                position += 1
            }
            guard search.hasPrefix(Self.crlf, at: position) else { throw .malformed("multipart delimiter not followed by CRLF") }
            position += 2
            parts += 1
            guard parts <= maxParts else { throw .malformed("more than \(maxParts) multipart parts") }

            let contentStart: Int
            let headers: ArraySlice<UInt8>
            if search.hasPrefix(Self.crlf, at: position) {
                headers = []
                contentStart = position + 2
            } else {
                guard let end = search.firstIndex(of: Self.blankLine, from: position),
                      end - position <= maxHeaderBytes,
                      !headersCrossDelimiter(search, delimiter: delimiter, from: position, to: end)
                else { throw .malformed("multipart part headers not terminated") }
                headers = body[position..<end]
                contentStart = end + 4
            }
            guard let contentEnd = search.firstIndex(of: delimiter, from: contentStart) else {
                throw .malformed("multipart part not terminated by its boundary")
            }

            let disposition = try contentDisposition(in: headers)
            let content = Array(body[contentStart..<contentEnd])
            fields.append(name: disposition.name, value: ArgumentValue(bytes: content, isFile: disposition.isFile))
            position = contentEnd + delimiter.count
        }
    }

    /// True when a delimiter lies inside what looked like a header block
    /// (a part without its blank line, whose content holds one).
    private static func headersCrossDelimiter(_ search: ByteSearch, delimiter: [UInt8], from start: Int, to end: Int) -> Bool {
        guard let next = search.firstIndex(of: delimiter, from: start) else { return false }
        return next < end
    }

    private static func contentDisposition(in headers: ArraySlice<UInt8>) throws(FormError) -> (name: String, isFile: Bool) {
        for line in headers.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { throw .malformed("multipart header without a colon") }
            guard text[..<colon].lowercased() == "content-disposition" else { continue }
            guard let header = ParameterizedHeader(String(text[text.index(after: colon)...])),
                  header.value == "form-data", let name = header.parameters["name"], !name.isEmpty
            else { throw .malformed("multipart part without form-data name") }
            return (name, header.parameters["filename"] != nil)
        }
        throw .malformed("multipart part without Content-Disposition")
    }

    private static let crlf = Array("\r\n".utf8)
    private static let blankLine = Array("\r\n\r\n".utf8)
    private static let dashDash = Array("--".utf8)
}
