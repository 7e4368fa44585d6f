import COpenSSL
import Foundation

/// Independent digests for tests that build or alter files by hand.
public enum Checksum {
    /// SHA-256 of `bytes` as 64 lowercase hex characters.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
