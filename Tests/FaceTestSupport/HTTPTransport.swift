/// Carries one HTTP request to a face-server and brings back its whole reply:
/// over a real socket to a server process, or into a router in-process.
public protocol HTTPTransport: Sendable {
    /// Sends `method path` with `headers` (Content-Length is the transport's) and `body`.
    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPReply
}

/// A new loopback connection per request, `Connection: close`, read until the server closes.
public struct SocketTransport: HTTPTransport {
    public let port: Int
    public let host: String

    /// Talks to `host:port` (an in-process test server listens on `localhost`).
    public init(port: Int, host: String = "127.0.0.1") {
        self.port = port
        self.host = host
    }

    public func send(method: String, path: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPReply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        return try await exchange(Array((head + "\r\n").utf8) + body)
    }

    /// Sends raw bytes on a new connection and parses what comes back before the server closes.
    public func exchange(_ request: [UInt8]) async throws -> HTTPReply {
        let (port, host) = (self.port, self.host)
        let bytes: [UInt8] = try await FaceClient.offload {
            let connection = try RawConnection(port: port, host: host)
            try connection.send(request)
            return try connection.receiveAll()
        }
        guard let reply = HTTPReply(bytes) else { throw FaceClientError.unparsableReply(bytes) }
        return reply
    }
}
