import Foundation
import Testing
import FaceLibrary
import FaceStore
import FaceTestSupport

/// The service layer on a real SQLite store in a temp directory.
struct ServiceFixture {
    let directory: TemporaryDirectory
    let services: LibraryServices

    init() async throws {
        directory = try TemporaryDirectory(prefix: "service")
        services = try await LibraryServices.open(dataDirectory: directory.path)
    }

    func app(quotas: AppQuotas = .defaults) async throws -> (TenantApp, AppCredentials) {
        let credentials = try await services.apps.createApp(name: "app", quotas: quotas)
        return (try #require(try await services.apps.app(apiKey: credentials.apiKey)), credentials)
    }

    func library(_ groupID: String, for app: TenantApp) async throws {
        _ = try await services.libraries.create(try CreateLibraryRequest(ArgumentReader(["group_id": groupID, "group_name": "n"])),
                                                for: app)
    }
}

@Suite struct AppRegistryTests {
    @Test func createdAppsOpenWithTheirSecret() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.directory.remove() }
        let (app, credentials) = try await fixture.app(quotas: AppQuotas(maxGroups: 3, maxFaces: 9))
        #expect(app.secret == Array(credentials.apiSecret.utf8))
        #expect(app.isActive && app.quotas == AppQuotas(maxGroups: 3, maxFaces: 9))
        #expect(credentials.apiKey.count == 32 && credentials.apiSecret.count == 32 && credentials.apiKey != credentials.apiSecret)
        #expect(!app.description.contains(credentials.apiSecret))
        #expect(try await fixture.services.apps.app(apiKey: "unknown") == nil)
        #expect(try await fixture.services.apps.apps().map(\.apiKey) == [credentials.apiKey])
    }

    @Test func databaseFileHoldsNoPlainSecret() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.directory.remove() }
        let (_, credentials) = try await fixture.app()
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.hasPrefix("face-service") }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.directory.appending(file)))
            #expect(bytes.range(of: Data(credentials.apiSecret.utf8)) == nil, "\(file)")
        }
    }

    @Test func namesAndQuotasAreChecked() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.directory.remove() }
        await #expect(throws: AppRegistryError.invalidName) { _ = try await fixture.services.apps.createApp(name: "") }
        await #expect(throws: AppRegistryError.invalidName) { _ = try await fixture.services.apps.createApp(name: "   ") }
        await #expect(throws: AppRegistryError.invalidName) {
            _ = try await fixture.services.apps.createApp(name: String(repeating: "n", count: 129))
        }
        await #expect(throws: AppRegistryError.invalidQuota) {
            _ = try await fixture.services.apps.createApp(name: "x", quotas: AppQuotas(maxGroups: -1, maxFaces: 1))
        }
        #expect(try await fixture.services.apps.apps().isEmpty)
    }
}

@Suite struct FaceServiceTests {
    @Test func listComputesNext() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.directory.remove() }
        let (app, credentials) = try await fixture.app()
        try await fixture.library("g", for: app)
        let tokens = try await FaceSeeder.addFaces(count: 4, to: "g", of: credentials.apiKey, in: fixture.directory.path)
        func page(_ start: Int, _ limit: Int) async throws -> FacePage {
            try await fixture.services.faces.list(
                try ListFacesRequest(ArgumentReader(["group_id": "g", "start": "\(start)", "limit": "\(limit)"])), for: app)
        }
        #expect(try await page(1, 3).next == 4)
        #expect(try await page(1, 4).next == nil)
        #expect(try await page(4, 1).faces.map(\.faceToken) == [tokens[3]])
        #expect(try await page(5, 1).faces.isEmpty)
        #expect(try await page(999_999_999_999_999_999, 1000).faces.isEmpty)
    }

    @Test func addChecksLibraryThenImageThenQuota() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.directory.remove() }
        let (app, credentials) = try await fixture.app(quotas: AppQuotas(maxGroups: 1, maxFaces: 1))
        try await fixture.library("g", for: app)
        func add(_ fields: [String: String]) async -> LibraryError? {
            do {
                _ = try await fixture.services.faces.add(try AddFaceRequest(ArgumentReader(fields)), for: app)
                return nil
            } catch {
                return error as? LibraryError
            }
        }
        let huge = String(repeating: "A", count: 8 * 1024 * 1024)
        #expect(await add(["group_id": "h", "image": huge, "user_id": "u"]) == .invalidGroupID)
        #expect(await add(["group_id": "g", "image": huge, "user_id": "u"]) == .imageTooLarge(.image))
        #expect(await add(["group_id": "g", "image": "aGk=", "user_id": "u"]) == .faceModelUnavailable)
        _ = try await FaceSeeder.addFaces(count: 1, to: "g", of: credentials.apiKey, in: fixture.directory.path)
        #expect(await add(["group_id": "g", "image": "aGk=", "user_id": "u"]) == .faceLimitReached)
    }
}
