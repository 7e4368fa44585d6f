import FaceLibrary

extension FaceAPI {
    func create(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let library = try await services.libraries.create(try CreateLibraryRequest(arguments), for: app)
        return [
            ("group_id", .string(library.groupID)),
            ("group_name", .string(library.name)),
            ("group_data", .string(library.data)),
            ("model_version", .string(library.modelVersion)),
        ]
    }

    func groupList(_ app: TenantApp) async throws -> [(String, JSONValue)] {
        let libraries = try await services.libraries.list(for: app)
        return [("group_infos", .array(libraries.map { .object(describe($0)) }))]
    }

    func groupInfo(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let library = try await services.libraries.library(try LibraryRequest(arguments).groupID, for: app)
        return [("info", .object(describe(library) + [("face_count", .int(library.faceCount))]))]
    }

    func free(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let request = try FreeLibraryRequest(arguments)
        try await services.libraries.free(request, for: app)
        return [("group_id", .string(request.groupID))]
    }

    func getSize(_ arguments: ArgumentReader, _ app: TenantApp) async throws -> [(String, JSONValue)] {
        let library = try await services.libraries.library(try LibraryRequest(arguments).groupID, for: app)
        return [("group_id", .string(library.groupID)), ("face_count", .int(library.faceCount))]
    }

    /// A library as `group_list` and `group_info` show it.
    private func describe(_ library: Library) -> [(String, JSONValue)] {
        [
            ("group_id", .string(library.groupID)),
            ("group_name", .string(library.name)),
            ("group_data", .string(library.data)),
            ("model_version", .string(library.modelVersion)),
            ("add_time", .string(settings.displayZone.format(unixMilliseconds: library.addTime))),
        ]
    }
}
