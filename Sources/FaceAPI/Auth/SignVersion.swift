import COpenSSL

/// The HMAC flavour named by `sign_version`.
public enum SignVersion: String, Sendable, CaseIterable {
    case hmacSHA1 = "hmac_sha1"
    case hmacSHA256 = "hmac_sha256"

    /// Bytes of the raw digest at the front of a decoded `sign`.
    public var digestLength: Int {
        switch self {
        case .hmacSHA1: 20
        case .hmacSHA256: 32
        }
    }

    /// HMAC of `message` under `key` with this version's hash (OpenSSL one-shot HMAC).
    public func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let hash = self == .hmacSHA1 ? EVP_sha1() : EVP_sha256()
        _ = key.withUnsafeBytes { keyBytes in
            HMAC(hash, keyBytes.baseAddress, Int32(key.count), message, message.count, &digest, &length)
        }
        return Array(digest.prefix(Int(length)))
    }
}
