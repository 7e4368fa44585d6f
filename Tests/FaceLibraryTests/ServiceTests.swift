import Foundation
import Testing
import FaceLibrary
import FaceStore
import FaceTestSupport

extension ServiceHarness {
    /// Creates library `groupID` of `app`.
    func library(_ groupID: String, for app: TenantApp) async throws {
        _ = try await services.libraries.create(try CreateLibraryRequest(ArgumentReader(["group_id": groupID, "group_name": "n"])),
                                                for: app)
    }

    /// Runs `add` with these text fields (an image as base64 in `image`).
    func add(_ fields: [String: String], for app: TenantApp) async throws -> EnrolledFace {
        try await services.faces.add(try AddFaceRequest(ArgumentReader(fields)), for: app)
    }

    /// Enrols a test photo as `user` into `groupID`.
    func add(photo: String, user: String = "u", to groupID: String = "g", for app: TenantApp) async throws -> EnrolledFace {
        try await add(["group_id": groupID, "image": try Self.base64(photo), "user_id": user], for: app)
    }

    /// Searches `groupID` with a test photo.
    func search(photo: String, in groupID: String = "g", limit: Int = 10, threshold: Double? = nil,
                for app: TenantApp) async throws -> SearchOutcome {
        var fields = ["group_id": groupID, "image": try Self.base64(photo), "limit": String(limit)]
        fields["threshold"] = threshold.map { String($0) }
        return try await services.faces.search(try SearchRequest(ArgumentReader(fields)), for: app)
    }

    /// The service error `body` throws; nil when it succeeds.
    func failure(_ body: () async throws -> Void) async -> LibraryError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? LibraryError
        }
    }

    /// Faces stored in the library, read from the store (not through the service).
    func storedFaceCount(_ groupID: String, of app: TenantApp) async throws -> Int? {
        try await store.library(appID: app.id, groupID: groupID)?.faceCount
    }

    static func base64(_ photo: String) throws -> String {
        Data(try TestPhotos.bytes(photo)).base64EncodedString()
    }
}

@Suite struct AppRegistryTests {
    @Test(arguments: TestBackend.allCases)
    func createdAppsOpenWithTheirSecret(_ backend: TestBackend) async throws {
        try await ServiceHarness.with(backend) { harness in
            let (app, credentials) = try await harness.createApp(quotas: AppQuotas(maxGroups: 3, maxFaces: 9))
            #expect(app.secret == Array(credentials.apiSecret.utf8))
            #expect(app.isActive && app.quotas == AppQuotas(maxGroups: 3, maxFaces: 9))
            #expect(credentials.apiKey.count == 32 && credentials.apiSecret.count == 32 && credentials.apiKey != credentials.apiSecret)
            #expect(!app.description.contains(credentials.apiSecret))
            #expect(try await harness.services.apps.app(apiKey: "unknown") == nil)
            #expect(try await harness.services.apps.apps().map(\.apiKey) == [credentials.apiKey])
        }
    }

    @Test func databaseFileHoldsNoPlainSecret() async throws {
        try await ServiceHarness.with(.sqlite) { harness in
            let (_, credentials) = try await harness.createApp()
            let directory = harness.storage.directory
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("face-service") }
            #expect(!files.isEmpty)
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.appending(file)))
                #expect(bytes.range(of: Data(credentials.apiSecret.utf8)) == nil, "\(file)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func namesAndQuotasAreChecked(_ backend: TestBackend) async throws {
        try await ServiceHarness.with(backend) { harness in
            let apps = harness.services.apps
            await #expect(throws: AppRegistryError.invalidName) { _ = try await apps.createApp(name: "") }
            await #expect(throws: AppRegistryError.invalidName) { _ = try await apps.createApp(name: "   ") }
            await #expect(throws: AppRegistryError.invalidName) {
                _ = try await apps.createApp(name: String(repeating: "n", count: 129))
            }
            await #expect(throws: AppRegistryError.invalidQuota) {
                _ = try await apps.createApp(name: "x", quotas: AppQuotas(maxGroups: -1, maxFaces: 1))
            }
            // Awaited outside #expect: the macro's expansion in this closure does not see it may throw.
            let created = try await apps.apps()
            #expect(created.isEmpty)
        }
    }
}

@Suite struct FaceListTests {
    @Test(arguments: TestBackend.allCases)
    func listComputesNext(_ backend: TestBackend) async throws {
        try await ServiceHarness.with(backend) { harness in
            let (app, credentials) = try await harness.createApp()
            try await harness.library("g", for: app)
            let tokens = try await harness.seedFaces(count: 4, to: "g", of: credentials.apiKey)
            func page(_ start: Int, _ limit: Int) async throws -> FacePage {
                try await harness.services.faces.list(
                    try ListFacesRequest(ArgumentReader(["group_id": "g", "start": "\(start)", "limit": "\(limit)"])), for: app)
            }
            #expect(try await page(1, 3).next == 4)
            #expect(try await page(1, 4).next == nil)
            #expect(try await page(4, 1).faces.map(\.faceToken) == [tokens[3]])
            #expect(try await page(5, 1).faces.isEmpty)
            #expect(try await page(999_999_999_999_999_999, 1000).faces.isEmpty)
        }
    }
}
