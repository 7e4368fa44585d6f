import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// Runs `body` against a fresh face-server (started with `arguments`) on a
/// temp data directory, then stops it (expecting a clean exit) and removes the directory.
func withServer(arguments: [String] = [], _ body: (ServerProcess) async throws -> Void) async throws {
    let directory = try TemporaryDirectory(prefix: "face-e2e")
    defer { directory.remove() }
    let server = ServerProcess(dataDirectory: directory.path, extraArguments: arguments)
    try await server.start()
    do {
        try await body(server)
    } catch {
        _ = try? await server.kill()
        throw error
    }
    #expect(try await server.stop() == 0)
}
