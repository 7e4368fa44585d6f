import Foundation
import Testing
import FaceTestSupport

/// A flood of image requests beyond the pipeline's queue is refused at once
/// with `CONCURRENCY_LIMIT_EXCEEDED`, not queued behind the others.
@Suite struct LoadSheddingTests {
    /// Beyond the default 2 running + 32 waiting analyses.
    private static let flood = 64

    @Test func floodBeyondTheQueueIsRefusedQuickly() async throws {
        try await withServer { server in
            let client = server.client(try await server.createApp())
            try await client.createLibrary("g")
            _ = try await client.addFace("obama.jpg", user: "obama", to: "g")
            let photo = try TestPhotos.part("obama3.jpg")

            let clock = ContinuousClock()
            let start = clock.now
            let outcomes = try await withThrowingTaskGroup(of: (reply: HTTPReply, seconds: Double).self) { group in
                for _ in 0..<Self.flood {
                    group.addTask {
                        let reply = try await client.call("search", parts: [("group_id", .text("g")), ("file", photo)])
                        let elapsed = (clock.now - start).components
                        return (reply, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let served = outcomes.filter { $0.reply.status == 200 }.map(\.seconds).sorted()
            let refused = outcomes.filter { $0.reply.json?["error"]?.string == "CONCURRENCY_LIMIT_EXCEEDED" }
            for outcome in outcomes where outcome.reply.status != 200 {
                expectFailure(outcome.reply, 403, "CONCURRENCY_LIMIT_EXCEEDED")
            }
            #expect(!refused.isEmpty)
            #expect(served.count >= 10, "\(served.count) served")
            // Refusals did not wait for the queue: all came before the tenth answer served from it.
            if served.count >= 10 {
                let latestRefusal = refused.map(\.seconds).max() ?? 0
                #expect(latestRefusal < served[9], "last refusal at \(latestRefusal) s, tenth answer at \(served[9]) s")
            }
            expectSuccess(try await client.call("get_size", [("group_id", "g")]), fields: ["group_id", "face_count"])
        }
    }
}
