import Foundation
import Testing
import FaceTestSupport
import FaceAPI
@testable import FaceServerConfig

@Suite struct OpsConfigTests {
    @Test func opsOptionsComeFromEverySource() throws {
        let loaded = try ConfigLoader.load(
            configPath: nil,
            environment: ["FACE_SERVER_ADMIN_PORT": "9090", "FACE_SERVER_INFERENCE_CONCURRENCY": "3"],
            flags: ["app_max_concurrent_requests": "0", "max_image_pixels": "1000000", "shutdown_grace_seconds": "5",
                    "tls_certificate": "/c.pem", "tls_private_key": "/k.pem", "admin_host": "10.0.0.1",
                    "inference_threading": "serial", "min_face_size": "60"])
        #expect(loaded.adminPort == 9090 && loaded.adminHost == "10.0.0.1" && loaded.inferenceConcurrency == 3)
        #expect(loaded.appMaxConcurrentRequests == 0 && loaded.shutdownGraceSeconds == 5)
        #expect(loaded.inferenceThreading == .serial && ServerConfiguration().inferenceThreading == .adaptive)
        #expect(loaded.minFaceSize == 60 && ServerConfiguration().minFaceSize == 40)
        #expect(loaded.tlsCertificate == "/c.pem" && loaded.tlsPrivateKey == "/k.pem")
        #expect(loaded.imageLimits.maxPixels == 1_000_000)
        #expect(loaded.apiSettings.maxConcurrentRequestsPerApp == 0)
    }

    @Test func invalidOpsOptionsNameTheOption() {
        let cases: [([String: String], String)] = [
            (["admin_port": "-1"], "flag --admin-port: admin_port must be an integer from 0 to 65535"),
            (["admin_port": "8080"], "admin_port (8080) must differ from port"),
            (["tls_certificate": "/c.pem"], "tls_certificate and tls_private_key must be set together"),
            (["inference_concurrency": "many"], "flag --inference-concurrency: inference_concurrency must be an integer"),
            (["inference_threading": "fast"], "inference_threading must be serial|adaptive"),
            (["app_max_concurrent_requests": "-2"], "app_max_concurrent_requests must be an integer from 0"),
            (["shutdown_grace_seconds": "0"], "shutdown_grace_seconds must be an integer from 1 to 3600"),
            (["max_image_pixels": "0"], "max_image_pixels must be an integer from 1"),
            (["min_face_size": "-1"], "min_face_size must be an integer from 0 to 4096"),
            (["admin_host": ""], "admin_host must be a host name or IP address"),
        ]
        for (flags, message) in cases {
            do {
                _ = try ConfigLoader.load(configPath: nil, environment: [:], flags: flags)
                Issue.record("accepted \(flags)")
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }

    @Test func tlsFilesThatDoNotLoadNameTheirOption() throws {
        let directory = try TemporaryDirectory(prefix: "tls-config")
        defer { directory.remove() }
        #expect(try TLSFiles.configuration(certificate: "", privateKey: "") == nil)
        let notPEM = directory.appending("not.pem")
        try "hello".write(toFile: notPEM, atomically: true, encoding: .utf8)
        for (certificate, key, option) in [(directory.appending("missing.pem"), notPEM, "tls_certificate:"),
                                           (notPEM, notPEM, "tls_certificate:")] {
            do {
                _ = try TLSFiles.configuration(certificate: certificate, privateKey: key)
                Issue.record("accepted \(certificate)")
            } catch {
                #expect(error.description.hasPrefix(option), "\(error)")
            }
        }
        let generated = try SelfSignedCertificate(in: directory.path)
        #expect(try TLSFiles.configuration(certificate: generated.certificatePath, privateKey: generated.privateKeyPath) != nil)
        do {
            _ = try TLSFiles.configuration(certificate: generated.certificatePath, privateKey: notPEM)
            Issue.record("accepted a key that is not PEM")
        } catch {
            #expect(error.description.hasPrefix("tls_private_key:"), "\(error)")
        }
    }
}
