import Foundation
import Testing
import FaceLibrary
import FaceTestSupport

/// Runs `body` against a fresh face-server (started with `arguments`) on a
/// temp data directory (and, on `backend` postgres, a fresh database), then
/// stops it (expecting a clean exit) and removes its data.
func withServer(_ backend: TestBackend = .sqlite, arguments: [String] = [],
                _ body: (ServerProcess) async throws -> Void) async throws {
    let storage = try TestStorage(backend)
    defer { storage.remove() }
    let server = storage.server(extraArguments: arguments)
    try await server.start()
    do {
        try await body(server)
    } catch {
        _ = try? await server.kill()
        throw error
    }
    #expect(try await server.stop() == 0)
}
