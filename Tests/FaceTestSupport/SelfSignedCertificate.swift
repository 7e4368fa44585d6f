import Foundation

/// A throwaway certificate for 127.0.0.1 and localhost, made by the
/// `openssl` command line tool at test time (nothing is committed).
public struct SelfSignedCertificate: Sendable {
    public let certificatePath: String
    public let privateKeyPath: String

    /// Generates a P-256 key and a one-day self-signed certificate in `directory`.
    public init(in directory: String) throws {
        certificatePath = (directory as NSString).appendingPathComponent("cert.pem")
        privateKeyPath = (directory as NSString).appendingPathComponent("key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                             "-keyout", privateKeyPath, "-out", certificatePath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CertificateError.opensslFailed(process.terminationStatus) }
    }

    /// openssl could not make the certificate.
    public enum CertificateError: Error {
        case opensslFailed(Int32)
    }
}
