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

    func add(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let request = try AddFaceRequest(arguments)
        let enrolled = try await services.faces.add(request, for: app)
        return [
            ("group_id", .string(request.groupID)),
            ("face_token", .string(enrolled.face.faceToken)),
            ("user_id", .string(enrolled.face.userID)),
            ("user_data", .string(enrolled.face.userData)),
            ("face_count", .int(enrolled.libraryFaceCount)),
            ("face_rectangle", describe(enrolled.rectangle)),
        ]
    }

    func search(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let outcome = try await services.faces.search(try SearchRequest(arguments), for: app)
        return [
            ("results", .array(outcome.matches.map { match in
                .object([
                    ("face_token", .string(match.face.faceToken)),
                    ("user_id", .string(match.face.userID)),
                    ("user_data", .string(match.face.userData)),
                    ("confidence", .number(match.confidence)),
                ])
            })),
            ("thresholds", .object(outcome.thresholds.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
            ("face_rectangle", describe(outcome.rectangle)),
        ]
    }

    private func describe(_ rectangle: FaceRectangle) -> JSONValue {
        .object([
            ("top", .int(rectangle.top)),
            ("left", .int(rectangle.left)),
            ("width", .int(rectangle.width)),
            ("height", .int(rectangle.height)),
        ])
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
