import Foundation

/// A small filesystem mounted on a fresh temp directory, so that a test can
/// run a server on a disk that really fills up or really turns read-only: a
/// tmpfs, or an ext4 image on a loop device that the kernel turns read-only
/// under open files, as it does after an I/O error (`errors=remount-ro`).
///
/// Mounting needs root (and a kernel that allows it); `isAvailable` and
/// `isExt4Available` tell.
public struct ScratchFilesystem: Sendable {
    /// Where it is mounted.
    public let path: String
    private let directory: TemporaryDirectory
    /// The ext4 image's loop device name (e.g. loop0); nil for a tmpfs.
    private let loopDevice: String?

    /// Whether this process may mount a tmpfs (tried once).
    public static let isAvailable: Bool = {
        guard geteuid() == 0, let probe = try? ScratchFilesystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    /// Whether this process may mount an ext4 image and make it fail (tried once).
    public static let isExt4Available: Bool = {
        guard geteuid() == 0, let probe = try? ScratchFilesystem(ext4Megabytes: 8) else { return false }
        defer { probe.unmount() }
        return probe.loopDevice.map { access("/sys/fs/ext4/\($0)/trigger_fs_error", W_OK) == 0 } ?? false
    }()

    /// Mounts a tmpfs of `megabytes` on a new temp directory.
    public init(megabytes: Int) throws {
        directory = try TemporaryDirectory(prefix: "face-tmpfs")
        path = directory.path
        loopDevice = nil
        do {
            try Self.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", path])
        } catch {
            directory.remove()
            throw error
        }
    }

    /// Makes an ext4 image of `ext4Megabytes` in a temp directory and mounts it
    /// (loop device, errors=remount-ro) on a directory inside.
    public init(ext4Megabytes megabytes: Int) throws {
        directory = try TemporaryDirectory(prefix: "face-ext4")
        path = directory.appending("mount")
        let image = directory.appending("disk.img")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: image, contents: nil),
                  truncate(image, off_t(megabytes) << 20) == 0 else {
                throw ScratchFilesystemError.failed("create \(image)")
            }
            try Self.run("/sbin/mkfs.ext4", ["-q", "-F", image])
            try Self.mount(["-o", "loop,errors=remount-ro", image, path])
            loopDevice = try Self.mountSource(of: path).split(separator: "/").last.map(String.init)
        } catch {
            try? Self.run("/bin/umount", [path])
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

    /// Has the kernel act on an ext4 error (`trigger_fs_error`): with
    /// errors=remount-ro the filesystem turns read-only while files stay open.
    public func failIntoReadOnly() throws {
        guard let loopDevice,
              let trigger = FileHandle(forWritingAtPath: "/sys/fs/ext4/\(loopDevice)/trigger_fs_error") else {
            throw ScratchFilesystemError.failed("trigger_fs_error on \(path)")
        }
        defer { try? trigger.close() }
        try trigger.write(contentsOf: Data("face-service test: turn read-only\n".utf8))
    }

    /// Unmounts it (lazily, if something still holds it) and removes the directory.
    public func unmount() {
        try? Self.run("/bin/umount", ["-l", path])
        directory.remove()
    }

    /// The device or image mounted on `path`, from /proc/mounts.
    private static func mountSource(of path: String) throws -> String {
        let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 1 && (fields[1] == path || fields[1] == resolved) { return String(fields[0]) }
        }
        throw ScratchFilesystemError.failed("\(path) not in /proc/mounts")
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
