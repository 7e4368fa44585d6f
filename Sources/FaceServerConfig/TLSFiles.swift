import HummingbirdTLS

/// Loads the in-process TLS certificate and key named by the configuration.
public enum TLSFiles {
    /// The server TLS configuration (TLS 1.2 or newer) from PEM files; nil
    /// when both paths are empty (plain HTTP).
    ///
    /// - Throws: `ConfigError` naming the option whose file is missing or not PEM.
    public static func configuration(certificate: String, privateKey: String) throws(ConfigError) -> TLSConfiguration? {
        guard !certificate.isEmpty || !privateKey.isEmpty else { return nil }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw ConfigError("tls_certificate: cannot read a PEM certificate chain from \(certificate) (\(error))")
        }
        guard !chain.isEmpty else { throw ConfigError("tls_certificate: \(certificate) holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKey, format: .pem)
        } catch {
            throw ConfigError("tls_private_key: cannot read a PEM private key from \(privateKey) (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
