import Foundation

/// A plain blocking TCP connection to a loopback port, for sending exactly
/// the bytes a test wants (broken bodies included) and reading raw replies.
///
/// Every call has a receive/send timeout, so a misbehaving server fails the
/// test instead of hanging it.
/// `@unchecked Sendable`: a test hands it to one worker thread at a time.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `host:port` (each address `host` resolves to, in turn, until one accepts).
    public init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 120) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &addresses) == 0, let first = addresses else {
            throw RawConnectionError.system("getaddrinfo", errno)
        }
        defer { freeaddrinfo(first) }
        var failure = RawConnectionError.system("connect", ECONNREFUSED)
        var connected: Int32?
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while connected == nil, let address = candidate?.pointee {
            candidate = address.ai_next
            let descriptor = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
            guard descriptor >= 0 else {
                failure = .system("socket", errno)
                continue
            }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 {
                connected = descriptor
            } else {
                failure = .system("connect", errno)
                close(descriptor)
            }
        }
        guard let connected else { throw failure }
        descriptor = connected
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

    /// Sends `bytes` one at a time, `interval` apart, until the server closes
    /// the connection (a send fails) or all are sent; returns whether it closed.
    public func trickle(_ bytes: [UInt8], interval: TimeInterval) -> Bool {
        for byte in bytes {
            do { try send([byte]) } catch { return true }
            Thread.sleep(forTimeInterval: interval)
        }
        return false
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
