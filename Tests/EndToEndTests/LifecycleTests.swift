import Foundation
import Testing
import FaceTestSupport
import ReplyChecks

@Suite struct LifecycleTests {
    @Test func librariesSurviveARestart() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e")
        defer { directory.remove() }
        let first = ServerProcess(dataDirectory: directory.path)
        try await first.start()
        let credentials = try await first.createApp()
        try await first.client(credentials).createLibrary("kept", name: "persisted")
        let before = try await first.client(credentials).call("group_list").json?["group_infos"]
        #expect(try await first.stop() == 0)

        let second = ServerProcess(dataDirectory: directory.path)
        try await second.start()
        let after = try await second.client(credentials).call("group_list").json?["group_infos"]
        #expect(after == before && after?.array?.count == 1)
        #expect(try await second.stop() == 0)
    }

    @Test func appCreatedByFacectlIsServedWithoutRestart() async throws {
        try await withServer { server in
            let facectl = Process()
            facectl.executableURL = URL(fileURLWithPath: ServerProcess.binary("facectl"))
            facectl.arguments = ["--data-dir", server.dataDirectory, "app", "create", "--name", "late arrival"]
            let output = Pipe()
            facectl.standardOutput = output
            try facectl.run()
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            facectl.waitUntilExit()
            #expect(facectl.terminationStatus == 0)
            let lines = String(decoding: printed, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 1)
            let credentials = try JSONDecoder().decode(Credentials.self, from: printed)
            #expect(credentials.apiKey.count >= 32 && credentials.apiSecret.count >= 32)
            #expect(JSONNode(parsing: Array(printed))?.keys == ["api_key", "api_secret"])
            expectSuccess(try await server.client(credentials).call("group_list"), fields: ["group_infos"])
        }
    }

    @Test func sigtermFinishesTheRequestInFlight() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e")
        defer { directory.remove() }
        let server = ServerProcess(dataDirectory: directory.path)
        try await server.start()
        let credentials = try await server.createApp()
        let (contentType, body) = FormBody.multipart([
            ("sign_version", .text("hmac_sha1")), ("sign", .text(Signer.sign(credentials))),
            ("group_id", .text("late")), ("group_name", .text("created during shutdown")),
        ])
        let head = "POST /finauth/search/group/create HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        let connection = try RawConnection(port: server.port)
        try connection.send(Array(head.utf8) + body.prefix(20))
        try await Task.sleep(for: .milliseconds(200))
        let status = Task { try await server.stop() }
        try await Task.sleep(for: .milliseconds(300))
        try connection.send(Array(body.dropFirst(20)))
        let reply = try #require(HTTPReply(try await FaceClient.offload { try connection.receiveAll() }))
        #expect(reply.status == 200, "\(reply)")
        #expect(try await status.value == 0)
        // The acknowledged create is on disk.
        let restarted = ServerProcess(dataDirectory: directory.path)
        try await restarted.start()
        #expect(try await restarted.client(credentials).call("get_size", [("group_id", "late")]).status == 200)
        #expect(try await restarted.stop() == 0)
    }

    @Test func invalidConfigurationStopsTheStartNamingTheOption() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e")
        defer { directory.remove() }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: ServerProcess.binary("face-server"))
        server.arguments = ["--data-dir", directory.path, "--port", "eighty"]
        server.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let errors = Pipe()
        server.standardError = errors
        server.standardOutput = Pipe()
        try server.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        server.waitUntilExit()
        #expect(server.terminationStatus == 78)
        #expect(message.contains("flag --port: port must be an integer"), "\(message)")
    }
}
