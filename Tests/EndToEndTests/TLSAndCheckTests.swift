import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

@Suite struct TLSTests {
    /// The API over in-process TLS, with a self-signed certificate made now by openssl, called by curl.
    @Test func theAPIAnswersOverTLS() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e-tls")
        defer { directory.remove() }
        let certificate = try SelfSignedCertificate(in: directory.path)
        let server = ServerProcess(dataDirectory: directory.appending("data"), extraArguments: [
            "--tls-certificate", certificate.certificatePath, "--tls-private-key", certificate.privateKeyPath,
        ])
        try await server.start()
        let credentials = try await server.createApp()
        let url = "https://127.0.0.1:\(server.port)/finauth/search/group/group_list"
        let secure = try await curl(["--cacert", certificate.certificatePath, url, "-F", "sign_version=hmac_sha1",
                                     "-F", "sign=\(Signer.sign(credentials))"])
        #expect(secure.status == 0, "\(secure.output)")
        let infos: [JSONNode]? = JSONNode(parsing: Array(secure.output.utf8))?["group_infos"]?.array
        #expect(infos?.isEmpty == true, "\(secure.output)")
        // Without trusting the certificate, or without TLS, nothing is served.
        #expect(try await curl([url, "-F", "sign_version=hmac_sha1"]).status == 60)
        let plain = try await curl(["http://127.0.0.1:\(server.port)/finauth/search/group/group_list"])
        #expect(plain.status != 0)
        #expect(!plain.output.contains("group_infos"))
        #expect(try await server.stop() == 0)
    }

    @Test func anUnreadableCertificateStopsTheStartNamingTheOption() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e-tls")
        defer { directory.remove() }
        let server = ServerProcess(dataDirectory: directory.path, extraArguments: [
            "--tls-certificate", directory.appending("missing.pem"), "--tls-private-key", directory.appending("missing.key"),
        ])
        do {
            try await server.start()
            Issue.record("the server started without its certificate")
            _ = try await server.stop()
        } catch let ServerProcessError.exited(status, log) {
            #expect(status == 78)
            #expect(log.contains("configuration: tls_certificate: cannot read"), "\(log)")
        }
    }

    /// Runs curl quietly (status 60: the certificate is not trusted).
    private func curl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await FaceClient.offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "--max-time", "10"] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}

@Suite struct CheckCommandTests {
    @Test func checkFindsTamperingInALiveDatabase() async throws {
        try await withAdminServer { server in
            let credentials = try await server.createApp()
            try await server.client(credentials).createLibrary("g")
            for photo in ["obama.jpg", "biden.jpg", "astronaut.png"] {
                _ = try await server.client(credentials).addFace(photo, user: "u", to: "g")
            }
            let healthy = try await facectl(server, "check")
            let healthyFlag: JSONNode? = healthy["healthy"]
            #expect(healthyFlag == JSONNode.bool(true))
            #expect(healthy["faces"]?.int == 3)
            #expect(healthy["problems"]?.array?.isEmpty == true)

            _ = try await server.admin("/healthz")
            let adminPort = try #require(server.adminPort)
            let compared = try await facectl(server, "check", "--admin-url", "http://127.0.0.1:\(adminPort)")
            let comparedFlag: JSONNode? = compared["indexes_compared"]
            #expect(comparedFlag == JSONNode.bool(true))
            #expect(compared["problems"]?.array?.isEmpty == true, "\(compared)")

            let lock = try DatabaseLock(dataDirectory: server.dataDirectory)
            try lock.execute("UPDATE libraries SET face_count = 9")
            lock.release()
            let broken = try await Facectl.run(["check"], dataDirectory: server.dataDirectory)
            #expect(broken.status == 2, "\(broken)")
            let report = try #require(broken.jsonLines.first)
            let reportFlag: JSONNode? = report["healthy"]
            #expect(reportFlag == JSONNode.bool(false))
            #expect(report["problems"]?[0]?["check"]?.string == "face_count")
            #expect(report["problems"]?[0]?["message"]?.string == "\(credentials.apiKey)/g: face_count is 9 but 3 face rows exist")
            // The server's index (3 vectors) now disagrees with the tampered count too.
            let againstServer = try await Facectl.run(["check", "--admin-url", "http://127.0.0.1:\(adminPort)"],
                                                      dataDirectory: server.dataDirectory)
            let messages = againstServer.jsonLines.first?["problems"]?.array?.compactMap { $0["message"]?.string } ?? []
            #expect(messages.contains("\(credentials.apiKey)/g: the server's index holds 3 vectors, the database 9 faces"),
                    "\(againstServer)")
        }
    }

}
