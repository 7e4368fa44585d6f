import COpenSSL

/// Bytes from OpenSSL's CSPRNG (seeded by the kernel).
enum SecureRandom {
    static func bytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw CryptoFailure.randomUnavailable }
        return bytes
    }

    /// `count` random characters from `[A-Za-z0-9_-]` (6 bits each).
    static func urlSafeString(length: Int) throws -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        return String(decoding: try bytes(length).map { alphabet[Int($0 & 63)] }, as: UTF8.self)
    }
}

/// An OpenSSL primitive failed; nothing secret is in the message.
public enum CryptoFailure: Error, CustomStringConvertible, Equatable {
    case randomUnavailable
    case sealFailed
    /// A sealed secret did not open: wrong key file, or a tampered row.
    case unsealFailed
    case keyFile(String)

    public var description: String {
        switch self {
        case .randomUnavailable: "the random number generator failed"
        case .sealFailed: "sealing a secret failed"
        case .unsealFailed: "a sealed secret does not open with this data directory's key file"
        case .keyFile(let problem): "secret key file: \(problem)"
        }
    }
}
