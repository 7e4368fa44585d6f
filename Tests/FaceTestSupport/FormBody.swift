import Foundation

/// Builds request bodies the way client libraries do.
public enum FormBody {
    /// One form field: text, or a file part with a filename.
    public enum Part: Sendable {
        case text(String)
        /// A field of exactly these bytes (invalid UTF-8 included).
        case raw([UInt8])
        case file(name: String, bytes: [UInt8])
    }

    /// A multipart/form-data body and its Content-Type.
    public static func multipart(_ fields: [(String, Part)],
                                 boundary: String = "----face-test-\(UInt32.random(in: 0 ... .max))")
        -> (contentType: String, body: [UInt8]) {
        var body: [UInt8] = []
        for (name, part) in fields {
            body += Array("--\(boundary)\r\n".utf8)
            switch part {
            case .text(let value):
                body += Array("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)".utf8)
            case .raw(let bytes):
                body += Array("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8) + bytes
            case .file(let filename, let bytes):
                body += Array("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n".utf8)
                body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8)
                body += bytes
            }
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// An application/x-www-form-urlencoded body (text fields only) and its Content-Type.
    public static func urlencoded(_ fields: [(String, String)]) -> (contentType: String, body: [UInt8]) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let text = fields.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed)!)="
                + value.addingPercentEncoding(withAllowedCharacters: allowed)!
        }.joined(separator: "&")
        return ("application/x-www-form-urlencoded", Array(text.utf8))
    }
}
