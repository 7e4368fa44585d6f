import Foundation
import Testing
import FaceTestSupport

/// The clients in `examples/` (Python, curl + openssl, Swift) sign requests
/// the server accepts, and fail the way a script can rely on: non-zero exit
/// status and one line on stderr, for API errors and unreachable servers alike.
@Suite struct ClientExampleTests {
    /// One client: the command before URL, and how it spells a form field.
    struct Example: Sendable, CustomTestStringConvertible {
        let command: [String]
        let field: @Sendable (String) -> [String]
        var testDescription: String { command.last ?? "" }
    }

    /// What one run of a client left behind.
    struct Run {
        let json: JSONNode?
        let status: Int32
        let errorLines: [Substring]
    }

    static let examples = [
        Example(command: ["/usr/bin/env", "python3", RepositoryRoot.appending("examples/facesearch_client.py")]) { [$0] },
        Example(command: ["/bin/bash", RepositoryRoot.appending("examples/facesearch_curl.sh")]) { ["-F", $0] },
        Example(command: [ServerProcess.binary("facesearch-example")]) { [$0] },
    ]

    @Test(arguments: examples) func exampleCreatesAddsAndSearches(_ example: Example) async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let call = { (endpoint: String, fields: [String]) async throws -> JSONNode? in
                let run = try await run(example, url: "http://127.0.0.1:\(server.port)", credentials, endpoint, fields)
                #expect(run.status == 0 && run.errorLines.isEmpty, "\(run)")
                return run.json
            }
            let created = try await call("create", ["group_id=staff", "group_name=Staff"])
            #expect(created?["group_id"]?.string == "staff", "\(String(describing: created))")
            let photo = RepositoryRoot.appending("Tests/Fixtures/photos/obama.jpg")
            let added = try await call("add", ["group_id=staff", "user_id=obama", "file=@\(photo)"])
            let token = try #require(added?["face_token"]?.string, "\(String(describing: added))")
            let held = RepositoryRoot.appending("Tests/Fixtures/photos/obama2.jpg")
            let found = try await call("search", ["group_id=staff", "file=@\(held)"])
            #expect(found?["results"]?[0]?["face_token"]?.string == token, "\(String(describing: found))")
        }
    }

    @Test(arguments: examples) func apiErrorsExitNonZeroWithOneLine(_ example: Example) async throws {
        try await withServer { server in
            let credentials = try await server.createApp()
            let url = "http://127.0.0.1:\(server.port)"
            // A wrong secret is refused: the client really signs with the secret it is given.
            let forged = Credentials(apiKey: credentials.apiKey, apiSecret: String(credentials.apiSecret.reversed()))
            let refused = try await run(example, url: url, forged, "group_list", [])
            #expect(refused.json?["error"]?.string == "AUTHORIZATION_ERROR", "\(refused)")
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.errorLines.count == 1 && refused.errorLines[0].contains("AUTHORIZATION_ERROR")
                    && refused.errorLines[0].contains("INVALID_SIGN"), "\(refused)")

            let missing = try await run(example, url: url, credentials, "get_size", ["group_id=none"])
            #expect(missing.json?["error"]?.string == "INVALID_GROUP_ID", "\(missing)")
            #expect(missing.status == 1 && missing.errorLines.count == 1, "\(missing)")
        }
    }

    @Test(arguments: examples) func anUnreachableServerExitsNonZeroWithOneLine(_ example: Example) async throws {
        // A port nobody listens on: picked free, and nothing started on it.
        let url = "http://127.0.0.1:\(try FreePort.pick())"
        let run = try await run(example, url: url, Credentials(apiKey: "k", apiSecret: "s"), "group_list", [])
        #expect(run.status != 0 && run.json == nil, "\(run)")
        #expect(run.errorLines.count == 1, "\(run)")
        #expect(!run.errorLines.joined().contains("Traceback") && !run.errorLines.joined().contains("Fatal error"), "\(run)")
    }

    private func run(_ example: Example, url: String, _ credentials: Credentials, _ endpoint: String,
                     _ fields: [String]) async throws -> Run {
        try await FaceClient.offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: example.command[0])
            process.arguments = Array(example.command.dropFirst())
                + [url, credentials.apiKey, credentials.apiSecret, endpoint]
                + fields.flatMap(example.field)
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // stderr holds a line (or a traceback), far below a pipe buffer: reading it after stdout cannot block.
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            let complaint = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(json: JSONNode(parsing: Array(printed)), status: process.terminationStatus,
                       errorLines: String(decoding: complaint, as: UTF8.self).split(separator: "\n"))
        }
    }
}
