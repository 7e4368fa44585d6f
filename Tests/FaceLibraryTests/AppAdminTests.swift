import Testing
import FaceLibrary
import FaceTestSupport

@Suite struct AppAdminTests {
    @Test(arguments: TestBackend.allCases) func summaryShowsStateQuotasAndUsage(_ backend: TestBackend) async throws {
        let fixture = try await OpsFixture(backend, faces: 3)
        defer { fixture.remove() }
        try await fixture.addLibrary("h", faces: 2)
        let summary = try await fixture.data.services.apps.summary(apiKey: fixture.apiKey)
        #expect(summary.isActive && summary.libraryCount == 2 && summary.faceCount == 5 && summary.quotas == .defaults)
        #expect(try await fixture.data.services.apps.apps() == [summary])
        await #expect(throws: AppRegistryError.unknownAPIKey("nobody")) {
            try await fixture.data.services.apps.summary(apiKey: "nobody")
        }
    }

    @Test(arguments: TestBackend.allCases) func disableAndEnableAreSeenByTheNextLookup(_ backend: TestBackend) async throws {
        let fixture = try await OpsFixture(backend, faces: 0)
        defer { fixture.remove() }
        let apps = fixture.data.services.apps
        #expect(try await apps.setActive(false, apiKey: fixture.apiKey).isActive == false)
        #expect(try await apps.app(apiKey: fixture.apiKey)?.isActive == false)
        try await apps.setActive(true, apiKey: fixture.apiKey)
        #expect(try await apps.app(apiKey: fixture.apiKey)?.isActive == true)
        await #expect(throws: AppRegistryError.unknownAPIKey("nobody")) { try await apps.setActive(false, apiKey: "nobody") }
    }

    @Test(arguments: TestBackend.allCases) func rotationReplacesTheSecret(_ backend: TestBackend) async throws {
        let fixture = try await OpsFixture(backend, faces: 0)
        defer { fixture.remove() }
        let rotated = try await fixture.data.services.apps.rotateSecret(apiKey: fixture.apiKey)
        #expect(rotated.apiKey == fixture.apiKey && rotated.apiSecret.count == 32)
        #expect(rotated.apiSecret != fixture.credentials.apiSecret)
        #expect(try await fixture.data.services.apps.app(apiKey: fixture.apiKey)?.secret == Array(rotated.apiSecret.utf8))
    }

    @Test(arguments: TestBackend.allCases) func quotasChangeOneAtATime(_ backend: TestBackend) async throws {
        let fixture = try await OpsFixture(backend, faces: 0)
        defer { fixture.remove() }
        let apps = fixture.data.services.apps
        #expect(try await apps.setQuotas(apiKey: fixture.apiKey, maxGroups: 1, maxFaces: nil).quotas
                == AppQuotas(maxGroups: 1, maxFaces: 5_000_000))
        #expect(try await apps.setQuotas(apiKey: fixture.apiKey, maxGroups: nil, maxFaces: 7).quotas
                == AppQuotas(maxGroups: 1, maxFaces: 7))
        await #expect(throws: AppRegistryError.invalidQuota) {
            try await apps.setQuotas(apiKey: fixture.apiKey, maxGroups: -1, maxFaces: nil)
        }
        // A lowered quota removes nothing but refuses further creates.
        let app = try await OpsFixture.app(fixture.data, fixture.apiKey)
        await #expect(throws: LibraryError.groupLimitReached) {
            try await fixture.data.services.libraries.create(
                try CreateLibraryRequest(ArgumentReader(["group_id": "more", "group_name": "n"])), for: app)
        }
        #expect(try await apps.summary(apiKey: fixture.apiKey).libraryCount == 1)
    }
}
