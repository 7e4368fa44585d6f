import FaceTestSupport
import Foundation
import Testing

/// A photo whose only face is ~45 px (composed with Pillow from a fixture
/// photo, as a distant camera would show it) is enrolled through the real
/// server, and a normal photo of the same person finds it.
@Suite struct SmallFaceTests {
    @Test func aLoneSmallFaceIsAddedAndFoundByANormalPhoto() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            try await client.createLibrary("probe")
            // Where the face is in the full photo, as the server reports it.
            let full = try await client.call("add", parts: [("group_id", .text("probe")), ("user_id", .text("probe")),
                                                            ("file", try TestPhotos.part("obama2.jpg"))])
            let rectangle = try #require(full.json?["face_rectangle"], "\(full)")
            let (left, top) = (try #require(rectangle["left"]?.int), try #require(rectangle["top"]?.int))
            let width = try #require(rectangle["width"]?.int)
            let small = try Self.scene(photo: "obama2.jpg", faceLeft: left, faceTop: top, faceWidth: width, to: 45)

            let added = try await client.call("add", parts: [("group_id", .text("g")), ("user_id", .text("obama")),
                                                             ("file", .file(name: "small.png", bytes: small))])
            #expect(added.status == 200, "\(added)")
            let box = try #require(added.json?["face_rectangle"])
            // Smaller than any face the native pyramid finds (its window is 80 px).
            #expect((38..<70).contains(box["width"]?.int ?? 0), "\(added)")
            let found = try await client.search("obama.jpg", in: "g", limit: 1)
            #expect(found["results"]?[0]?["user_id"]?.string == "obama", "\(found)")
            let threshold = try #require(found["thresholds"]?["1e-3"]?.number)
            #expect((found["results"]?[0]?["confidence"]?.number ?? 0) > threshold, "\(found)")
        }
    }

    /// The face of `photo` (box from `faceLeft`, `faceTop`, `faceWidth`) and a
    /// face width around it, scaled so the face is `target` px wide, pasted
    /// into a 640×480 scene (PNG bytes).
    static func scene(photo: String, faceLeft: Int, faceTop: Int, faceWidth: Int, to target: Int) throws -> [UInt8] {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("small-face-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: out) }
        let crop = [faceLeft - faceWidth, faceTop - faceWidth, faceLeft + 2 * faceWidth, faceTop + 2 * faceWidth].map { max(0, $0) }
        let placement = RepositoryRoot.appending("Tests/Fixtures/photos/\(photo)") + ":"
            + crop.map(String.init).joined(separator: ":") + ":\(Double(target) / Double(faceWidth)):280:170"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryRoot.appending("Tests/Fixtures/compose_scene.py"), out.path, "640", "480",
                             RepositoryRoot.appending("Tests/Fixtures/photos/coffee.png"), placement]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "compose_scene.py failed (is Pillow installed?)")
        return [UInt8](try Data(contentsOf: out))
    }
}
