import Foundation

/// A plain blocking TCP connection to a loopback port, for sending exactly
/// the bytes a test wants (broken bodies included) and reading raw replies.
///
/// Every call has a receive/send timeout, so a misbehaving server fails the
/// test instead of hanging it.
/// `@unchecked Sendable`: a test hands it to one worker thread at a time.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `127.0.0.1:port`.
    public init(port: Int, timeoutSeconds: Int = 120) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError.system("socket", errno) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw RawConnectionError.system("connect", code)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw RawConnectionError.system("send", errno) }
            offset += written
        }
    }

    /// Reads whatever arrives next (at most `limit` bytes); empty at end of stream.
    public func receive(limit: Int = 65536) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, limit, 0) }
        guard count >= 0 else { throw RawConnectionError.system("recv", errno) }
        return Array(buffer.prefix(count))
    }

    /// Reads until the server closes the connection.
    public func receiveAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try receive()
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// Reads until `marker` has arrived; returns everything read.
    public func receive(until marker: String) throws -> [UInt8] {
        var all: [UInt8] = []
        let pattern = Array(marker.utf8)
        while !all.windows(ofCount: pattern.count).contains(where: { $0.elementsEqual(pattern) }) {
            let chunk = try receive()
            if chunk.isEmpty { break }
            all += chunk
        }
        return all
    }

    /// Closes the sending side, telling the server no more bytes come.
    public func finishSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }
}

/// A socket call failed.
public enum RawConnectionError: Error, CustomStringConvertible {
    case system(String, Int32)

    public var description: String {
        switch self {
        case let .system(call, code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

extension Array {
    fileprivate func windows(ofCount count: Int) -> [ArraySlice<Element>] {
        guard count > 0, self.count >= count else { return [] }
        return (0...(self.count - count)).map { self[$0..<($0 + count)] }
    }
}
