import Foundation
import Testing
import FaceTestSupport

/// The curl + openssl and Swift clients in `examples/` sign requests the
/// server accepts. (The Python example is run by `make openapi-check`.)
@Suite struct ClientExampleTests {
    /// One client: the command before URL, and how it spells a form field.
    struct Example: Sendable, CustomTestStringConvertible {
        let command: [String]
        let field: @Sendable (String) -> [String]
        var testDescription: String { command.last ?? "" }
    }

    static let examples = [
        Example(command: ["/bin/bash", RepositoryRoot.appending("examples/facesearch_curl.sh")]) { ["-F", $0] },
        Example(command: [ServerProcess.binary("facesearch-example")]) { [$0] },
    ]

    @Test(arguments: examples) func exampleCreatesAddsAndSearches(_ example: Example) async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let call = { (endpoint: String, fields: [String]) async throws -> JSONNode? in
                try await run(example, port: server.port, credentials, endpoint, fields)
            }
            let created = try await call("create", ["group_id=staff", "group_name=Staff"])
            #expect(created?["group_id"]?.string == "staff", "\(String(describing: created))")
            let photo = RepositoryRoot.appending("Tests/Fixtures/photos/obama.jpg")
            let added = try await call("add", ["group_id=staff", "user_id=obama", "file=@\(photo)"])
            let token = try #require(added?["face_token"]?.string, "\(String(describing: added))")
            let held = RepositoryRoot.appending("Tests/Fixtures/photos/obama2.jpg")
            let found = try await call("search", ["group_id=staff", "file=@\(held)"])
            #expect(found?["results"]?[0]?["face_token"]?.string == token, "\(String(describing: found))")
            // A wrong secret is refused: the client really signs with the secret it is given.
            let forged = Credentials(apiKey: credentials.apiKey, apiSecret: String(credentials.apiSecret.reversed()))
            let refused = try await run(example, port: server.port, forged, "group_list", [])
            #expect(refused?["error"]?.string == "AUTHORIZATION_ERROR")
        }
    }

    private func run(_ example: Example, port: Int, _ credentials: Credentials, _ endpoint: String,
                     _ fields: [String]) async throws -> JSONNode? {
        try await FaceClient.offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: example.command[0])
            process.arguments = Array(example.command.dropFirst())
                + ["http://127.0.0.1:\(port)", credentials.apiKey, credentials.apiSecret, endpoint]
                + fields.flatMap(example.field)
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return JSONNode(parsing: Array(printed))
        }
    }
}
