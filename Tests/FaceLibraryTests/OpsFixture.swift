import Foundation
import FaceLibrary
import FaceTestSupport

/// A data directory opened for ops, with an app and a library of seeded faces.
struct OpsFixture {
    let directory: TemporaryDirectory
    let data: DataDirectory
    let credentials: AppCredentials

    /// A new directory with one app holding library `g` of `faces` random faces.
    init(faces: Int = 3, quotas: AppQuotas = .defaults) async throws {
        directory = try TemporaryDirectory(prefix: "ops")
        data = try await DataDirectory.open(directory.path)
        credentials = try await data.services.apps.createApp(name: "ops app", quotas: quotas)
        try await addLibrary("g", faces: faces)
    }

    var apiKey: String { credentials.apiKey }

    /// A path inside the fixture's directory, for files the test writes.
    func file(_ name: String) -> String { directory.appending(name) }

    func addLibrary(_ groupID: String, faces: Int, apiKey: String? = nil) async throws {
        let app = try await Self.app(data, apiKey ?? self.apiKey)
        _ = try await data.services.libraries.create(
            try CreateLibraryRequest(ArgumentReader(["group_id": groupID, "group_name": "name of \(groupID)",
                                                     "group_data": "data of \(groupID)"])), for: app)
        _ = try await FaceSeeder.addFaces(count: faces, to: groupID, of: apiKey ?? self.apiKey, in: directory.path,
                                          randomEmbeddings: true)
    }

    /// The app with this api_key in `data`.
    static func app(_ data: DataDirectory, _ apiKey: String) async throws -> TenantApp {
        guard let app = try await data.services.apps.app(apiKey: apiKey) else { throw AppRegistryError.unknownAPIKey(apiKey) }
        return app
    }

    /// Every face of a library of an app, in creation order.
    func faces(_ groupID: String, apiKey: String? = nil, in other: DataDirectory? = nil) async throws -> [Face] {
        let data = other ?? self.data
        let app = try await Self.app(data, apiKey ?? self.apiKey)
        return try await data.services.faces.list(
            try ListFacesRequest(ArgumentReader(["group_id": groupID, "limit": "1000"])), for: app).faces
    }
}
