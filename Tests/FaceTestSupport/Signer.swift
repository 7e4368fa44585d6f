import COpenSSL
import Foundation

/// Signs requests as a tenant app's client library does (contract §2),
/// independently of the server's code.
public enum Signer {
    /// The HMAC flavour, named as `sign_version` names it.
    public enum Version: String, Sendable {
        case hmacSHA1 = "hmac_sha1"
        case hmacSHA256 = "hmac_sha256"
    }

    /// `raw` as the client builds it.
    public static func raw(apiKey: String, expire: Int64, current: Int64, random: String) -> String {
        "a=\(apiKey)&b=\(expire)&c=\(current)&d=\(random)"
    }

    /// `base64(HMAC(secret, raw) ‖ raw)`.
    public static func sign(raw: String, secret: String, version: Version) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let key = Array(secret.utf8)
        let message = Array(raw.utf8)
        _ = HMAC(version == .hmacSHA1 ? EVP_sha1() : EVP_sha256(), key, Int32(key.count),
                 message, message.count, &digest, &length)
        return Data(digest.prefix(Int(length)) + message).base64EncodedString()
    }

    /// A fresh signature valid for `validity` seconds (0 makes it single-use).
    public static func sign(_ credentials: Credentials, version: Version = .hmacSHA1, validity: Int64 = 600,
                            now: Int64 = Int64(Date().timeIntervalSince1970)) -> String {
        let random = String(format: "%010u", UInt32.random(in: 0 ... .max))
        let raw = raw(apiKey: credentials.apiKey, expire: validity == 0 ? 0 : now + validity, current: now,
                      random: random)
        return sign(raw: raw, secret: credentials.apiSecret, version: version)
    }
}
