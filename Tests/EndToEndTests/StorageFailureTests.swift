import Foundation
import Testing
import FaceTestSupport

// Design note: the data directory sits on a real 16 MB tmpfs (mounted by the
// test, hence root only), filled up with a filler file for the full-disk
// case and remounted read-only (with the server stopped: Linux refuses while
// files are open for writing) for the read-only case, so SQLite meets the
// same ENOSPC and EROFS a production disk would give. The server's log goes
// elsewhere, so that it keeps logging.

/// A full disk fails writes with a clean 500 `INTERNAL_ERROR`, keeps reads
/// working and corrupts nothing; a read-only data directory stops the start
/// with a clear message.
@Suite(.enabled(if: ScratchFilesystem.isAvailable, "needs root to mount a tmpfs"))
struct StorageFailureTests {
    @Test func fullDiskRefusesWritesKeepsReadsAndReadOnlyDiskStopsTheStart() async throws {
        let disk = try ScratchFilesystem(megabytes: 16)
        defer { disk.unmount() }
        let logs = try TemporaryDirectory(prefix: "face-logs")
        defer { logs.remove() }
        var server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        try await server.start()
        let credentials = try await server.createApp()
        var client = server.client(credentials)
        try await client.createLibrary("g")
        let kept = try await client.addFace("obama.jpg", user: "obama", to: "g")

        // Full disk.
        let filler = try disk.fill()
        try await Self.expectWritesRefused(client, token: kept)
        try await Self.expectReads(client, token: kept, size: 1)
        try FileManager.default.removeItem(atPath: filler)
        let second = try await client.addFace("biden.jpg", user: "biden", to: "g")
        try await Self.expectReads(client, token: second, size: 2)
        #expect(try await server.stop() == 0)
        #expect(try DatabaseCheck.integrity(ofDataDirectory: disk.path) == "ok")

        // Read-only data directory: SQLite cannot open a WAL database without
        // its -shm file, so the server refuses to start, saying why.
        try disk.remount(readOnly: true)
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        do {
            try await server.start()
            Issue.record("face-server started on a read-only data directory")
            try await server.stop()
        } catch ServerProcessError.exited(let status, let log) {
            #expect(status == 74 && log.contains("cannot open data directory"), "\(status): \(log)")
        }
        try disk.remount(readOnly: false)
        #expect(try DatabaseCheck.integrity(ofDataDirectory: disk.path) == "ok")
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        try await server.start()
        try await Self.expectReads(server.client(credentials), token: second, size: 2)
        #expect(try await server.stop() == 0)
    }

    /// Every kind of write answers 500 INTERNAL_ERROR.
    private static func expectWritesRefused(_ client: FaceClient, token: String) async throws {
        let photo = try TestPhotos.part("astronaut.png")
        expectFailure(try await client.call("add", parts: [("group_id", .text("g")), ("user_id", .text("u")),
                                                           ("file", photo)]), 500, "INTERNAL_ERROR")
        expectFailure(try await client.call("create", [("group_id", "new"), ("group_name", "New")]), 500, "INTERNAL_ERROR")
        expectFailure(try await client.call("delete", [("group_id", "g"), ("face_tokens", token)]), 500, "INTERNAL_ERROR")
        expectFailure(try await client.call("free", [("group_id", "g"), ("check_empty", "0")]), 500, "INTERNAL_ERROR")
    }

    /// Every kind of read still answers, and sees `size` faces including `token`.
    private static func expectReads(_ client: FaceClient, token: String, size: Int) async throws {
        #expect(try await client.call("group_list").json?["group_infos"]?.array?.count == 1)
        #expect(try await client.call("group_info", [("group_id", "g")]).json?["info"]?["face_count"]?.int == size)
        #expect(try await client.call("get_size", [("group_id", "g")]).json?["face_count"]?.int == size)
        #expect(try await client.call("list", [("group_id", "g")]).json?["face_tokens"]?.array?.count == size)
        let info = try await client.call("face_info", [("group_id", "g"), ("face_token", token)])
        #expect(info.status == 200, "\(info)")
        let found = try await client.search("obama2.jpg", in: "g", limit: 10)["results"]?.array
        #expect(found?.count == size)
    }
}
