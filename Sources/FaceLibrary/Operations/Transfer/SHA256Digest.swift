import COpenSSL

/// An incremental SHA-256 (OpenSSL EVP), for the checksum of a library archive.
final class SHA256Digest {
    private let context: OpaquePointer

    init() throws(LibraryTransferError) {
        guard let context = EVP_MD_CTX_new() else { throw .io("cannot allocate a SHA-256 context") }
        self.context = context
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { throw .io("cannot start SHA-256") }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func update(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
    }

    /// The digest of everything added so far, as 64 lowercase hex characters.
    func finalHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Hex.encode(digest.prefix(Int(length)))
    }
}
