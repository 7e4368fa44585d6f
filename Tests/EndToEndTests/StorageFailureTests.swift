import Foundation
import Testing
import FaceTestSupport

// Design note: the data directory sits on a real 16 MB tmpfs (mounted by the
// test, hence root only), filled up with a filler file for the full-disk
// case and remounted read-only (with the server stopped: Linux refuses while
// files are open for writing) for the read-only start. A disk that turns
// read-only under the running server is an ext4 image on a loop device,
// mounted errors=remount-ro and told to fail (trigger_fs_error), as the
// kernel does after an I/O error. SQLite meets the same ENOSPC and EROFS a
// production disk would give. The server's log goes elsewhere, so that it
// keeps logging.

/// A full or read-only disk fails writes with a clean 500 `INTERNAL_ERROR`,
/// keeps reads working and corrupts nothing; /readyz says why, /healthz stays ok.
@Suite(.enabled(if: ScratchFilesystem.isAvailable, "needs root to mount a tmpfs"))
struct StorageFailureTests {
    @Test func fullDiskRefusesWritesKeepsReadsAndReadOnlyDiskServesReads() async throws {
        let disk = try ScratchFilesystem(megabytes: 16)
        defer { disk.unmount() }
        let logs = try TemporaryDirectory(prefix: "face-logs")
        defer { logs.remove() }
        let (started, credentials, kept) = try await Self.serverWithOneFace(on: disk, logs: logs)
        var server = started
        var client = server.client(credentials)

        // Full disk.
        let filler = try disk.fill()
        try await Self.expectWritesRefused(client, token: kept)
        try await Self.expectReads(client, token: kept, size: 1)
        try FileManager.default.removeItem(atPath: filler)
        let second = try await client.addFace("biden.jpg", user: "biden", to: "g")
        try await Self.expectReads(client, token: second, size: 2)
        #expect(try await server.stop() == 0)
        #expect(try DatabaseCheck.integrity(ofDataDirectory: disk.path) == "ok")

        // Read-only data directory after a clean stop (no -wal, no -shm, none
        // can be created): served read-only, saying so once.
        try disk.remount(readOnly: true)
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path, extraArguments: try Self.admin())
        try await server.start()
        client = server.client(credentials)
        try await Self.expectWritesRefused(client, token: second)
        try await Self.expectReads(client, token: second, size: 2)
        try await Self.expectUnready(server, because: "read-only")
        #expect(server.logText().components(separatedBy: "database opened read-only").count == 2, "\(server.logText())")
        #expect(try await server.stop() == 0)

        try disk.remount(readOnly: false)
        #expect(try DatabaseCheck.integrity(ofDataDirectory: disk.path) == "ok")
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        try await server.start()
        client = server.client(credentials)
        try await Self.expectReads(client, token: second, size: 2)
        _ = try await client.addFace("obama3.jpg", user: "obama", to: "g")
        #expect(try await server.stop() == 0)
    }

    /// A killed server leaves its commits in the -wal (indexed by the -shm):
    /// read-only, SQLite still reads them; without the -shm it cannot, and
    /// the server refuses to start rather than serve an older state.
    @Test func readOnlyDiskAfterACrashServesTheWALAndRefusesAWALWithoutItsIndex() async throws {
        let disk = try ScratchFilesystem(megabytes: 16)
        defer { disk.unmount() }
        let logs = try TemporaryDirectory(prefix: "face-logs")
        defer { logs.remove() }
        let (started, credentials, token) = try await Self.serverWithOneFace(on: disk, logs: logs)
        var server = started
        try await server.kill()
        let database = DatabaseCheck.databasePath(in: disk.path)
        let walSize = (try FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0
        #expect(walSize > 0 && FileManager.default.fileExists(atPath: database + "-shm"))

        try disk.remount(readOnly: true)
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        try await server.start()
        let client = server.client(credentials)
        try await Self.expectReads(client, token: token, size: 1)
        try await Self.expectWritesRefused(client, token: token)
        #expect(try await server.stop() == 0)

        try disk.remount(readOnly: false)
        try FileManager.default.removeItem(atPath: database + "-shm")
        try disk.remount(readOnly: true)
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        do {
            try await server.start()
            Issue.record("face-server served a read-only database without reading its WAL")
            try await server.stop()
        } catch ServerProcessError.exited(let status, let log) {
            #expect(status == 74 && log.contains("cannot open the database") && log.contains("without its -shm file"),
                    "\(status): \(log)")
        }
        // Writable again, SQLite recovers the WAL: nothing was lost.
        try disk.remount(readOnly: false)
        #expect(try DatabaseCheck.integrity(ofDataDirectory: disk.path) == "ok")
        server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path)
        try await server.start()
        try await Self.expectReads(server.client(credentials), token: token, size: 1)
        #expect(try await server.stop() == 0)
    }

    /// The kernel turns the disk read-only under the running server: writes
    /// fail cleanly from then on, logged once, reads go on.
    @Test(.enabled(if: ScratchFilesystem.isExt4Available, "needs root, mkfs.ext4, a loop device and ext4's trigger_fs_error"))
    func diskTurningReadOnlyWhileServingRefusesWritesKeepsReads() async throws {
        let disk = try ScratchFilesystem(ext4Megabytes: 32)
        defer { disk.unmount() }
        let logs = try TemporaryDirectory(prefix: "face-logs")
        defer { logs.remove() }
        let (server, credentials, token) = try await Self.serverWithOneFace(on: disk, logs: logs, arguments: try Self.admin())
        let client = server.client(credentials)
        try await eventually { try await server.admin("/readyz").status == 200 }

        try disk.failIntoReadOnly()
        try await Self.expectWritesRefused(client, token: token)
        try await Self.expectReads(client, token: token, size: 1)
        try await Self.expectUnready(server, because: "not writable")
        try await Self.expectWritesRefused(client, token: token)
        #expect(server.logText().components(separatedBy: "database writes failing").count == 2, "\(server.logText())")
        // The WAL cannot be checkpointed into a read-only file: said, and the exit status says so.
        #expect(try await server.stop() == 1)
        #expect(server.logText().contains("WAL checkpoint failed"))
        #expect(try DatabaseCheck.integrity(ofDataDirectory: disk.path) == "ok")
    }

    /// A started server on `disk` whose app (returned) has library "g" with
    /// one face (its token returned).
    private static func serverWithOneFace(on disk: ScratchFilesystem, logs: TemporaryDirectory,
                                          arguments: [String] = []) async throws -> (ServerProcess, Credentials, String) {
        let server = ServerProcess(dataDirectory: disk.path, logDirectory: logs.path, extraArguments: arguments)
        try await server.start()
        let credentials = try await server.createApp()
        let client = server.client(credentials)
        try await client.createLibrary("g")
        return (server, credentials, try await client.addFace("obama.jpg", user: "obama", to: "g"))
    }

    /// Admin listener flags, for /readyz and /healthz.
    private static func admin() throws -> [String] {
        ["--admin-port", String(try FreePort.pick())]
    }

    /// /readyz answers 503 for the database, mentioning `reason`; /healthz stays ok.
    private static func expectUnready(_ server: ServerProcess, because reason: String) async throws {
        let ready = try await server.admin("/readyz")
        #expect(ready.status == 503, "\(ready)")
        #expect(ready.json?["checks"]?["database"]?.string?.contains(reason) == true, "\(ready)")
        let health = try await server.admin("/healthz")
        #expect(health.status == 200 && health.json?["status"]?.string == "ok", "\(health)")
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
