import Foundation

/// A loopback TCP port that was free a moment ago (for listeners such as the
/// admin port, whose 0 means "off" rather than "any free port").
public enum FreePort {
    /// Asks the kernel for a free port by binding port 0, then releases it.
    public static func pick() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError.system("socket", errno) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw RawConnectionError.system("bind", errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
