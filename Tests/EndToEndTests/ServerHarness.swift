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

/// Checks a failure reply: status, `error`, optional `reason`, and that no success fields leak.
func expectFailure(_ reply: HTTPReply, _ status: Int, _ error: String, reason: String? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, "\(reply)", sourceLocation: sourceLocation)
    #expect(reply.json?["error"]?.string == error, "\(reply)", sourceLocation: sourceLocation)
    var keys: Set<String> = ["request_id", "time_used", "error"]
    if let reason {
        #expect(reply.json?["reason"]?.string == reason, "\(reply)", sourceLocation: sourceLocation)
        keys.insert("reason")
    }
    #expect(reply.json?.keys == keys, "\(reply)", sourceLocation: sourceLocation)
}

/// Checks a success reply and that it carries exactly `fields` besides request_id and time_used.
@discardableResult
func expectSuccess(_ reply: HTTPReply, fields: Set<String>,
                   sourceLocation: SourceLocation = #_sourceLocation) -> JSONNode {
    #expect(reply.status == 200, "\(reply)", sourceLocation: sourceLocation)
    #expect(reply.headers["content-type"] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
    let json = reply.json ?? .null
    #expect(json.keys == fields.union(["request_id", "time_used"]), "\(reply)", sourceLocation: sourceLocation)
    return json
}

extension FaceClient {
    /// Creates a library and checks that it worked.
    func createLibrary(_ groupID: String, name: String = "A library", sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await call("create", [("group_id", groupID), ("group_name", name)])
        #expect(reply.status == 200, "\(reply)", sourceLocation: sourceLocation)
    }
}
