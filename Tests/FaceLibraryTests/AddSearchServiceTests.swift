import Foundation
import Testing
import FaceLibrary
import FaceStore
import FaceTestSupport

/// The service's own rules for `add` and `search`, over every storage backend,
/// with the fake model: the order of checks, the quota checked before the
/// analysis and again in the insert, the index updated after the commit and
/// before the answer, faces deleted since the scan dropped, the threshold
/// filter, and one app never reaching another's library.
@Suite struct AddSearchServiceTests {
    @Test(arguments: TestBackend.allCases)
    func addChecksLibraryThenImageThenQuota(_ backend: TestBackend) async throws {
        try await withLibrary(backend, quotas: AppQuotas(maxGroups: 1, maxFaces: 1)) { harness, app in
            let huge = String(repeating: "A", count: 8 * 1024 * 1024)
            #expect(await harness.failure { _ = try await harness.add(["group_id": "h", "image": huge, "user_id": "u"], for: app) }
                == .invalidGroupID)
            #expect(await harness.failure { _ = try await harness.add(["group_id": "g", "image": huge, "user_id": "u"], for: app) }
                == .imageTooLarge(.image))
            #expect(await harness.failure { _ = try await harness.add(["group_id": "g", "image": "aGk=", "user_id": "u"], for: app) }
                == .unsupportedImageFormat(.image))
            _ = try await harness.seedFaces(count: 1, to: "g", of: app.apiKey)
            #expect(await harness.failure { _ = try await harness.add(["group_id": "g", "image": "aGk=", "user_id": "u"], for: app) }
                == .faceLimitReached)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aFullQuotaIsRefusedBeforeThePhotoIsAnalysed(_ backend: TestBackend) async throws {
        try await withLibrary(backend, quotas: AppQuotas(maxGroups: 2, maxFaces: 2)) { harness, app in
            try await harness.library("h", for: app)
            _ = try await harness.add(photo: "obama.jpg", to: "g", for: app)
            _ = try await harness.add(photo: "biden.jpg", to: "h", for: app)
            #expect(harness.model.analysesStarted == 2)
            // The quota counts the app's faces across its libraries.
            #expect(await harness.failure { _ = try await harness.add(photo: "woman_01.png", to: "g", for: app) } == .faceLimitReached)
            #expect(harness.model.analysesStarted == 2)
            #expect(try await harness.storedFaceCount("g", of: app) == 1)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theInsertRechecksTheQuotaAndARefusedFaceNeverReachesTheIndex(_ backend: TestBackend) async throws {
        try await withLibrary(backend, quotas: AppQuotas(maxGroups: 1, maxFaces: 1)) { harness, app in
            // Both adds pass the pre-check while the model holds them; one insert then finds the quota full.
            harness.model.hold()
            let adds = ["obama.jpg", "biden.jpg"].map { photo in
                Task { await harness.failure { _ = try await harness.add(photo: photo, for: app) } }
            }
            while harness.model.load.waiting < 2 { try await Task.sleep(for: .milliseconds(5)) }
            harness.model.release()
            var outcomes: [LibraryError?] = []
            for add in adds { outcomes.append(await add.value) }
            #expect(outcomes.filter { $0 == nil }.count == 1 && outcomes.contains(.faceLimitReached))
            #expect(try await harness.storedFaceCount("g", of: app) == 1)
            let found = try await harness.search(photo: "obama.jpg", for: app).matches
            let stored = try await harness.services.faces.list(try ListFacesRequest(ArgumentReader(["group_id": "g"])), for: app).faces
            #expect(found.map(\.face) == stored)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anAddedFaceIsSearchableWhenAddReturns(_ backend: TestBackend) async throws {
        try await withLibrary(backend) { harness, app in
            for (count, photo) in ["obama.jpg", "biden.jpg", "woman_01.png"].enumerated() {
                let enrolled = try await harness.add(photo: photo, user: "user\(count)", for: app)
                #expect(enrolled.libraryFaceCount == count + 1)
                #expect(enrolled.face.userID == "user\(count)" && FaceToken.isValid(enrolled.face.faceToken))
                let best = try await harness.search(photo: photo, limit: 1, for: app).matches.first
                #expect(best?.face == enrolled.face && best?.confidence == 100)
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func facesDeletedSinceTheScanAreDropped(_ backend: TestBackend) async throws {
        try await withLibrary(backend) { harness, app in
            let gone = try await harness.add(photo: "obama.jpg", user: "gone", for: app)
            let kept = try await harness.add(photo: "biden.jpg", user: "kept", for: app)
            // Deleted behind the service's back, as by a delete that commits after the index was scanned.
            let library = try #require(try await harness.store.library(appID: app.id, groupID: "g"))
            let deletion = try await harness.store.deleteFaces(libraryID: library.id, tokens: [gone.face.faceToken])
            #expect(deletion?.removed.count == 1)
            let outcome = try await harness.search(photo: "obama.jpg", for: app)
            #expect(outcome.matches.map(\.face) == [kept.face])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func deleteAndFreeTakeFacesOutOfTheIndex(_ backend: TestBackend) async throws {
        try await withLibrary(backend) { harness, app in
            let first = try await harness.add(photo: "obama.jpg", for: app)
            let second = try await harness.add(photo: "obama.jpg", for: app)
            let removal = try await harness.services.faces.delete(
                try DeleteFacesRequest(ArgumentReader(["group_id": "g", "face_tokens": first.face.faceToken])), for: app)
            #expect(removal.removed == 1 && removal.remaining == 1)
            #expect(try await harness.search(photo: "obama.jpg", for: app).matches.map(\.face) == [second.face])
            try await harness.services.libraries.free(try FreeLibraryRequest(ArgumentReader(["group_id": "g", "check_empty": "0"])),
                                                      for: app)
            try await harness.library("g", for: app)
            #expect(try await harness.search(photo: "obama.jpg", for: app).matches.isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theThresholdKeepsOnlyConfidencesStrictlyAbove(_ backend: TestBackend) async throws {
        try await withLibrary(backend) { harness, app in
            let twin = try await harness.add(photo: "obama.jpg", for: app)
            for photo in ["biden.jpg", "woman_01.png", "man_01.png"] { _ = try await harness.add(photo: photo, for: app) }
            let all = try await harness.search(photo: "obama.jpg", for: app).matches
            #expect(all.count == 4 && all.first?.face == twin.face)
            #expect(all.map(\.confidence) == all.map(\.confidence).sorted(by: >))
            let below = try #require(all.dropFirst().map(\.confidence).max())
            #expect(try await harness.search(photo: "obama.jpg", threshold: below, for: app).matches.map(\.face) == [twin.face])
            #expect(try await harness.search(photo: "obama.jpg", threshold: 99.999, for: app).matches.map(\.face) == [twin.face])
            #expect(try await harness.search(photo: "obama.jpg", threshold: 100, for: app).matches.isEmpty)
            #expect(try await harness.search(photo: "obama.jpg", limit: 2, for: app).matches.count == 2)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func searchReportsTheCalibrationsThresholdsAndTheFacesBox(_ backend: TestBackend) async throws {
        try await withLibrary(backend) { harness, app in
            let enrolled = try await harness.add(photo: "obama.jpg", for: app)
            let outcome = try await harness.search(photo: "obama.jpg", for: app)
            #expect(outcome.thresholds == harness.model.calibration.thresholds(forLibraryOf: 1))
            #expect(outcome.thresholds == ["1e-3": 75, "1e-4": 80, "1e-5": 85, "1e-6": 90])
            #expect(outcome.rectangle == enrolled.rectangle)
            #expect(enrolled.rectangle.width > 0 && enrolled.rectangle.width == enrolled.rectangle.height)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func oneAppNeverReachesAnothersLibrary(_ backend: TestBackend) async throws {
        try await ServiceHarness.with(backend) { harness in
            let (alice, _) = try await harness.createApp(name: "alice")
            let (bob, _) = try await harness.createApp(name: "bob")
            try await harness.library("g", for: alice)
            try await harness.library("g", for: bob)
            let alices = try await harness.add(photo: "obama.jpg", for: alice)
            try await harness.library("private", for: alice)
            #expect(await harness.failure { _ = try await harness.add(photo: "obama.jpg", to: "private", for: bob) } == .invalidGroupID)
            #expect(await harness.failure { _ = try await harness.search(photo: "obama.jpg", in: "private", for: bob) } == .invalidGroupID)
            #expect(try await harness.search(photo: "obama.jpg", for: bob).matches.isEmpty)
            let bobs = try await harness.add(photo: "obama.jpg", for: bob)
            #expect(try await harness.search(photo: "obama.jpg", for: bob).matches.map(\.face) == [bobs.face])
            #expect(try await harness.search(photo: "obama.jpg", for: alice).matches.map(\.face) == [alices.face])
            #expect(bobs.libraryFaceCount == 1)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theModelsFailuresBecomeServiceErrorsAndStoreNothing(_ backend: TestBackend) async throws {
        try await withLibrary(backend, model: try FakeFaceModel(capacity: 0)) { harness, app in
            #expect(await harness.failure { _ = try await harness.add(photo: "obama.jpg", for: app) } == .concurrencyLimitExceeded)
            #expect(await harness.failure { _ = try await harness.search(photo: "obama.jpg", for: app) } == .concurrencyLimitExceeded)

            try await ServiceHarness.with(backend) { open in
                let (other, _) = try await open.createApp()
                try await open.library("g", for: other)
                let oneColour = BMPWriter.encode(width: 64, height: 64, rgb: [UInt8](repeating: 9, count: 64 * 64 * 3))
                let blank = Data(oneColour).base64EncodedString()
                let tiny = Data(BMPWriter.encode(width: 8, height: 8, rgb: (0..<192).map { UInt8($0) })).base64EncodedString()
                let gif = Data(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]).base64EncodedString()
                for (image, error) in [(blank, LibraryError.noFaceFound), (tiny, .invalidImageSize(.image)),
                                       (gif, .unsupportedImageFormat(.image))] {
                    #expect(await open.failure { _ = try await open.add(["group_id": "g", "image": image, "user_id": "u"], for: other) }
                        == error)
                    #expect(await open.failure {
                        _ = try await open.services.faces.search(try SearchRequest(ArgumentReader(["group_id": "g", "image": image])),
                                                                 for: other)
                    } == error)
                }
                #expect(try await open.storedFaceCount("g", of: other) == 0)
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aLibraryOfAModelNotServedIsAnInternalFailure(_ backend: TestBackend) async throws {
        try await withLibrary(backend, model: try FakeFaceModel(version: "s99")) { harness, app in
            #expect(await harness.failure { _ = try await harness.add(photo: "obama.jpg", for: app) } == .faceModelUnavailable)
            #expect(await harness.failure { _ = try await harness.search(photo: "obama.jpg", for: app) } == .faceModelUnavailable)
            #expect(harness.model.analysesStarted == 0)
        }
    }

    /// A harness on `backend` whose new app (with `quotas`) holds an empty
    /// library "g", removed after `body`.
    private func withLibrary(_ backend: TestBackend, quotas: AppQuotas = .defaults, model: FakeFaceModel? = nil,
                             _ body: (ServiceHarness, TenantApp) async throws -> Void) async throws {
        try await ServiceHarness.with(backend, model: model) { harness in
            let (app, _) = try await harness.createApp(quotas: quotas)
            try await harness.library("g", for: app)
            try await body(harness, app)
        }
    }
}
