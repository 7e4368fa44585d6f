import Foundation

/// A parsed HTTP/1.1 response (after any `100 Continue`).
public struct HTTPReply: Sendable, CustomStringConvertible {
    public let status: Int
    /// Header names lowercased.
    public let headers: [String: String]
    public let body: [UInt8]

    /// The body as JSON, if it is JSON.
    public var json: JSONNode? { JSONNode(parsing: body) }

    public var description: String { "HTTP \(status) \(String(decoding: body, as: UTF8.self))" }

    /// A reply received by other means than raw bytes (a router in-process).
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Parses a complete response as read until the server closed; nil when it is not one.
    public init?(_ bytes: [UInt8]) {
        var rest = bytes[...]
        while true {
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: rest) else { return nil }
            let head = String(decoding: rest[rest.startIndex..<headerEnd], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
            rest = rest[(headerEnd + 4)...]
            if status == 100 { continue }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = headers["content-length"].flatMap(Int.init) ?? rest.count
            guard rest.count >= length else { return nil }
            self.status = status
            self.headers = headers
            self.body = Array(rest.prefix(length))
            return
        }
    }

    private static func find(_ pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var index = bytes.startIndex
        while index + pattern.count <= bytes.endIndex {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
