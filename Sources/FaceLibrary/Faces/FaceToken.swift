import COpenSSL

/// Face tokens: 32 lowercase hex characters (128 random bits), unique across the deployment.
public enum FaceToken {
    /// True for exactly 32 characters of `0-9a-f`.
    public static func isValid(_ token: String) -> Bool {
        token.utf8.count == 32 && token.utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
        }
    }

    /// A new token from the system's CSPRNG.
    public static func random() throws -> String {
        Hex.encode(try SecureRandom.bytes(16))
    }
}
