import FaceLibrary

extension FaceAPI {
    func list(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let page = try await services.faces.list(try ListFacesRequest(arguments), for: app)
        var fields: [(String, JSONValue)] = [("face_tokens", .array(page.faces.map { .object(describe($0)) }))]
        if let next = page.next { fields.append(("next", .int(next))) }
        return fields
    }

    func faceInfo(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let face = try await services.faces.info(try FaceInfoRequest(arguments), for: app)
        return [("info", .object(describe(face)))]
    }

    func delete(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let request = try DeleteFacesRequest(arguments)
        let removal = try await services.faces.delete(request, for: app)
        return [
            ("group_id", .string(request.groupID)),
            ("face_removed", .int(removal.removed)),
            ("face_count", .int(removal.remaining)),
            ("failure_detail", .array(removal.failures.map {
                .object([("face_token", .string($0.faceToken)), ("reason", .string($0.reason.rawValue))])
            })),
        ]
    }

    /// `add`: validated by the service, which cannot succeed until the face pipeline is wired in.
    func add(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        try await services.faces.add(try AddFaceRequest(arguments), for: app)
    }

    /// `search`: validated by the service, which cannot succeed until the face pipeline is wired in.
    func search(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        try await services.faces.search(try SearchRequest(arguments), for: app)
    }

    /// A face as `list` and `face_info` show it.
    private func describe(_ face: Face) -> [(String, JSONValue)] {
        [
            ("face_token", .string(face.faceToken)),
            ("user_id", .string(face.userID)),
            ("user_data", .string(face.userData)),
            ("add_time", .integer(face.addTime)),
        ]
    }
}
