import Foundation

/// A small tmpfs mounted on a fresh temp directory, so that a test can run a
/// server on a disk that really fills up or really turns read-only.
///
/// Mounting needs root (and a kernel that allows it); `isAvailable` tells.
public struct ScratchFilesystem: Sendable {
    /// Where it is mounted.
    public let path: String
    private let directory: TemporaryDirectory

    /// Whether this process may mount a tmpfs (tried once).
    public static let isAvailable: Bool = {
        guard geteuid() == 0, let probe = try? ScratchFilesystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    /// Mounts a tmpfs of `megabytes` on a new temp directory.
    public init(megabytes: Int) throws {
        directory = try TemporaryDirectory(prefix: "face-tmpfs")
        path = directory.path
        do {
            try Self.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", path])
        } catch {
            directory.remove()
            throw error
        }
    }

    /// Writes a filler file until the filesystem is full; returns its path.
    @discardableResult
    public func fill() throws -> String {
        let filler = path + "/filler"
        guard FileManager.default.createFile(atPath: filler, contents: nil),
              let handle = FileHandle(forWritingAtPath: filler) else { throw ScratchFilesystemError.cannotFill }
        defer { try? handle.close() }
        let block = Data(count: 64 * 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
        // Whatever a smaller write can still take.
        while (try? handle.write(contentsOf: Data(count: 512))) != nil {}
        return filler
    }

    /// Makes the mounted filesystem read-only or writable again (nothing may be open for writing).
    public func remount(readOnly: Bool) throws {
        try Self.mount(["-o", readOnly ? "remount,ro" : "remount,rw", path])
    }

    /// Unmounts it (lazily, if something still holds it) and removes the directory.
    public func unmount() {
        try? Self.run("/bin/umount", ["-l", path])
        directory.remove()
    }

    private static func mount(_ arguments: [String]) throws {
        try run("/bin/mount", arguments)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScratchFilesystemError.failed(([tool] + arguments).joined(separator: " "))
        }
    }

    /// The filesystem could not be set up as asked.
    public enum ScratchFilesystemError: Error {
        case cannotFill
        case failed(String)
    }
}
