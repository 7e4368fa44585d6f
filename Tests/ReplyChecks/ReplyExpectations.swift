import FaceTestSupport
import Testing

/// Checks a failure reply: status, `error`, optional `reason`, and that no success fields leak.
public func expectFailure(_ reply: HTTPReply, _ status: Int, _ error: String, reason: String? = nil,
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
public func expectSuccess(_ reply: HTTPReply, fields: Set<String>,
                          sourceLocation: SourceLocation = #_sourceLocation) -> JSONNode {
    #expect(reply.status == 200, "\(reply)", sourceLocation: sourceLocation)
    #expect(reply.headers["content-type"] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
    let json = reply.json ?? .null
    #expect(json.keys == fields.union(["request_id", "time_used"]), "\(reply)", sourceLocation: sourceLocation)
    return json
}

extension FaceClient {
    /// Creates a library and checks that it worked.
    public func createLibrary(_ groupID: String, name: String = "A library",
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await call("create", [("group_id", groupID), ("group_name", name)])
        #expect(reply.status == 200, "\(reply)", sourceLocation: sourceLocation)
    }

    /// Enrols the largest face of a test photo and returns its face_token.
    public func addFace(_ photo: String, user: String, to groupID: String,
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let reply = try await call("add", parts: [("group_id", .text(groupID)), ("file", try TestPhotos.part(photo)),
                                                  ("user_id", .text(user))])
        return try #require(reply.json?["face_token"]?.string, "\(photo): \(reply)", sourceLocation: sourceLocation)
    }

    /// Searches a library with a test photo; the whole JSON answer.
    public func search(_ photo: String, in groupID: String, limit: Int, threshold: Double? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONNode {
        var parts: [(String, FormBody.Part)] = [("group_id", .text(groupID)), ("file", try TestPhotos.part(photo)),
                                                ("limit", .text(String(limit)))]
        if let threshold { parts.append(("threshold", .text(String(threshold)))) }
        let reply = try await call("search", parts: parts)
        #expect(reply.status == 200, "\(photo): \(reply)", sourceLocation: sourceLocation)
        return reply.json ?? .null
    }
}
