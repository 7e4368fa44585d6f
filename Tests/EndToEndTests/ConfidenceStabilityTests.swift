import Testing
import FaceTestSupport

/// A photo pair's confidence is a property of the pair: unrelated faces in
/// the library never change it (issue 15, item 4).
@Suite struct ConfidenceStabilityTests {
    @Test func aPairScoresTheSameInATinyAndALargeLibrary() async throws {
        let directory = try TemporaryDirectory(prefix: "face-e2e")
        defer { directory.remove() }
        let enrolled = [("obama.jpg", "obama"), ("obama2.jpg", "obama"), ("biden.jpg", "biden")]
        var server = ServerProcess(dataDirectory: directory.path)
        try await server.start()
        let credentials = try await server.createApp()
        var client = server.client(credentials)
        for library in ["small", "large"] {
            try await client.createLibrary(library)
            for (photo, user) in enrolled { _ = try await client.addFace(photo, user: user, to: library) }
        }
        #expect(try await server.stop() == 0)
        // 4,997 unrelated faces after the three photos: loaded at start, the
        // photos' rows are then among the first 4,096, which the index keeps
        // as compact codes, while the 3-face library's rows stay exact floats.
        _ = try await FaceSeeder.addFaces(count: 4_997, to: "large", of: credentials.apiKey, in: directory.path,
                                          randomEmbeddings: true)
        server = ServerProcess(dataDirectory: directory.path)
        try await server.start()
        client = server.client(credentials)
        #expect(try await client.call("get_size", [("group_id", "large")]).json?["face_count"]?.int == 5_000)

        let small = try await client.search("obama3.jpg", in: "small", limit: 3)
        let large = try await client.search("obama3.jpg", in: "large", limit: 3)
        let scores = { (reply: JSONNode) in
            reply["results"]?.array?.compactMap { hit in hit["confidence"]?.number.map { (hit["user_id"]?.string, $0) } } ?? []
        }
        #expect(scores(small).count == 3)
        #expect(scores(small).map(\.0) == scores(large).map(\.0), "\(small)\n\(large)")
        #expect(scores(small).map(\.1) == scores(large).map(\.1), "\(small)\n\(large)")
        // A threshold at the best confidence itself answers the same (nothing) in both.
        let best = try #require(scores(small).first?.1)
        for library in ["small", "large"] {
            let strict = try await client.search("obama3.jpg", in: library, limit: 3, threshold: best)
            #expect(strict["results"]?.array?.isEmpty == true, "\(library): \(strict)")
            let below = try await client.search("obama3.jpg", in: library, limit: 3, threshold: best - 0.001)
            #expect(below["results"]?.array?.count == 1, "\(library): \(below)")
        }
        #expect(try await server.stop() == 0)
    }
}
