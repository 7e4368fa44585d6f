import COpenSSL

// Design note: HMAC verification needs each app's secret itself, so secrets
// cannot be hashed. They are stored sealed with AES-256-GCM under a key that
// lives in a separate file of the data directory (see `SealingKeyFile`), so a
// copy of the database alone reveals no secret. The api_key is the GCM
// additional data: a sealed secret moved to another app's row does not open.
//
// Sealed layout: version (1 byte, 1) ‖ nonce (12) ‖ ciphertext ‖ tag (16).

/// Seals and opens app secrets with one AES-256-GCM key.
public struct SecretSealer: Sendable {
    private let key: [UInt8]
    private static let version: UInt8 = 1
    private static let nonceLength = 12
    private static let tagLength = 16

    /// Uses a 32-byte key.
    public init(key: [UInt8]) {
        precondition(key.count == 32, "AES-256 needs a 32-byte key")
        self.key = key
    }

    /// Encrypts `secret`, bound to `apiKey`.
    public func seal(_ secret: [UInt8], apiKey: String) throws -> [UInt8] {
        let nonce = try SecureRandom.bytes(Self.nonceLength)
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        var ciphertext = [UInt8](repeating: 0, count: secret.count)
        try withCipher(encrypt: true, nonce: nonce) { context in
            var length: Int32 = 0
            try check(EVP_EncryptUpdate(context, nil, &length, Array(apiKey.utf8), Int32(apiKey.utf8.count)))
            try check(EVP_EncryptUpdate(context, &ciphertext, &length, secret, Int32(secret.count)))
            try check(EVP_EncryptFinal_ex(context, &tag, &length))
            try check(EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), &tag))
        }
        return [Self.version] + nonce + ciphertext + tag
    }

    /// Decrypts a sealed secret; throws if it was not sealed for `apiKey` under this key.
    public func open(_ sealed: [UInt8], apiKey: String) throws -> [UInt8] {
        let overhead = 1 + Self.nonceLength + Self.tagLength
        guard sealed.count >= overhead, sealed[0] == Self.version else { throw CryptoFailure.unsealFailed }
        let nonce = Array(sealed[1..<(1 + Self.nonceLength)])
        let ciphertext = Array(sealed[(1 + Self.nonceLength)..<(sealed.count - Self.tagLength)])
        var tag = Array(sealed.suffix(Self.tagLength))
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        do {
            try withCipher(encrypt: false, nonce: nonce) { context in
                var length: Int32 = 0
                try check(EVP_DecryptUpdate(context, nil, &length, Array(apiKey.utf8), Int32(apiKey.utf8.count)))
                try check(EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)))
                try check(EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagLength), &tag))
                try check(EVP_DecryptFinal_ex(context, &plaintext, &length))
            }
        } catch {
            throw CryptoFailure.unsealFailed
        }
        return plaintext
    }

    private func withCipher(encrypt: Bool, nonce: [UInt8], _ body: (OpaquePointer) throws -> Void) throws {
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoFailure.sealFailed }
        defer { EVP_CIPHER_CTX_free(context) }
        let cipher = EVP_aes_256_gcm()
        try check(encrypt ? EVP_EncryptInit_ex(context, cipher, nil, key, nonce)
                          : EVP_DecryptInit_ex(context, cipher, nil, key, nonce))
        try body(context)
    }

    private func check(_ result: Int32) throws {
        guard result == 1 else { throw CryptoFailure.sealFailed }
    }
}
