import Foundation
import Testing
import FaceTestSupport

// Design note: writers (three adding real photos, one deleting down to a
// floor and reading sizes) run against the real server until it is killed
// with SIGKILL at a random moment; they stop at their first failed
// exchange. With the server down the database must pass
// its integrity check (SQLite's; on PostgreSQL, face counts matching rows);
// after a restart the server must list exactly the
// acknowledged faces (give or take the in-doubt ones, see FaceLedger), agree
// with itself (get_size, list, face_info) and find every face by search.

/// Acknowledged writes survive SIGKILL at random moments under concurrent load.
@Suite struct CrashSafetyTests {
    /// Kill cycles: 3 in `make test`; `make soak` sets `CRASH_CYCLES`.
    private static let cycles = ProcessInfo.processInfo.environment["CRASH_CYCLES"].flatMap(Int.init) ?? 3
    /// Four different people, so a photo's own faces rank above all others in its search.
    private static let photos = ["0-f1-su-ph.jpg", "45-m7-di-ph.jpg", "Tom_Hanks_54745.png", "biden.jpg"]
    private static let group = "crash"
    /// The deleter leaves this many faces, so searches (limit 100) see them all.
    private static let floor = 16

    @Test(arguments: TestBackend.allCases) func acknowledgedFacesSurviveSIGKILL(_ backend: TestBackend) async throws {
        let storage = try TestStorage(backend, prefix: "face-crash")
        defer { storage.remove() }
        var server = storage.server()
        try await server.start()
        let credentials = try await server.createApp()
        try await server.client(credentials).createLibrary(Self.group)
        let images = try Dictionary(uniqueKeysWithValues: Self.photos.map { ($0, try TestPhotos.bytes($0)) })
        let ledger = FaceLedger()

        for cycle in 1...Self.cycles {
            let client = server.client(credentials)
            let writers = (0..<3).map { _ in Task { await Self.add(until: client, images, ledger) } }
                + [Task { await Self.delete(until: client, ledger) }]
            try await Task.sleep(for: .milliseconds(Int.random(in: 500...2500)))
            try await server.kill()
            for writer in writers { await writer.value }
            #expect(try storage.integrity() == "ok", "cycle \(cycle)")

            server = storage.server()
            try await server.start()
            try await Self.verify(server.client(credentials), images, ledger, cycle: cycle)
        }
        #expect(try await server.stop() == 0)
        #expect(try storage.integrity() == "ok")
        // The kills hit a busy server: each cycle acknowledged adds.
        let (adds, deletes) = (await ledger.acknowledgedAdds, await ledger.acknowledgedDeletes)
        #expect(adds >= Self.cycles)
        print("crash harness (\(backend)): \(Self.cycles) SIGKILL cycles, \(adds) adds and \(deletes) deletes acknowledged, all kept")
    }

    /// Adds photos until an exchange fails.
    private static func add(until client: FaceClient, _ images: [String: [UInt8]], _ ledger: FaceLedger) async {
        while true {
            let photo = photos.randomElement()!
            let reply: HTTPReply
            do {
                reply = try await client.call("add", parts: [("group_id", .text(group)), ("user_id", .text(userID(photo))),
                                                             ("file", .file(name: photo, bytes: images[photo]!))])
            } catch {
                if !isRefusedConnection(error) { await ledger.addInDoubt() }
                return
            }
            if reply.status == 200, let token = reply.json?["face_token"]?.string {
                await ledger.added(token, userID: userID(photo))
            } else if reply.json?["error"]?.string != "CONCURRENCY_LIMIT_EXCEEDED" {
                Issue.record("add answered \(reply)")
                return
            }
        }
    }

    /// Deletes faces above the floor (reading the size when there is none to delete) until an exchange fails.
    private static func delete(until client: FaceClient, _ ledger: FaceLedger) async {
        while true {
            guard let token = await ledger.pickForDeletion(keep: floor) else {
                guard (try? await client.call("get_size", [("group_id", group)]))?.status == 200 else { return }
                continue
            }
            let reply: HTTPReply
            do {
                reply = try await client.call("delete", [("group_id", group), ("face_tokens", token)])
            } catch {
                await ledger.deleteInDoubt(token)
                return
            }
            #expect(reply.json?["face_removed"]?.int == 1, "\(reply)")
            await ledger.deleted(token)
        }
    }

    /// The user_id faces from `photo` are added under (user_ids allow no dots).
    private static func userID(_ photo: String) -> String {
        "photo\(photos.firstIndex(of: photo)!)"
    }

    private static func isRefusedConnection(_ error: any Error) -> Bool {
        if case RawConnectionError.system("connect", _) = error { return true }
        return false
    }

    /// Checks the restarted server against the ledger: listing, size, face_info and search.
    private static func verify(_ client: FaceClient, _ images: [String: [UInt8]], _ ledger: FaceLedger,
                               cycle: Int) async throws {
        var listed: [String: String] = [:]
        var start: Int? = 1
        while let page = start {
            let reply = try await client.call("list", [("group_id", group), ("start", "\(page)"), ("limit", "1000")])
            for item in try #require(reply.json?["face_tokens"]?.array, "\(reply)") {
                listed[try #require(item["face_token"]?.string)] = item["user_id"]?.string
            }
            start = reply.json?["next"]?.int
        }
        let size = try await client.call("get_size", [("group_id", group)]).json?["face_count"]?.int
        #expect(size == listed.count, "cycle \(cycle)")
        let problems = await ledger.reconcile(listed: listed)
        #expect(problems.isEmpty, "cycle \(cycle): \(problems)")
        let alive = await ledger.alive
        #expect(alive.count == listed.count)

        for (token, userID) in alive {
            let info = try await client.call("face_info", [("group_id", group), ("face_token", token)])
            #expect(info.json?["info"]?["user_id"]?.string == userID, "cycle \(cycle): \(info)")
        }
        for photo in photos {
            let own = Set(alive.filter { $0.value == userID(photo) }.keys)
            let reply = try await client.call("search", parts: [("group_id", .text(group)), ("limit", .text("100")),
                                                                ("file", .file(name: photo, bytes: images[photo]!))])
            let found = try #require(reply.json?["results"]?.array, "\(reply)").compactMap { $0["face_token"]?.string }
            #expect(Set(found.prefix(own.count)) == own, "cycle \(cycle): search by \(photo)")
            #expect(Set(found) == Set(alive.keys), "cycle \(cycle): search by \(photo) sees other faces than listed")
        }
    }
}
