import Foundation

/// The data directory's secret-sealing key: 32 random bytes in a 0600 file,
/// created on first use.
///
/// Two processes may start at once (server and facectl): the key is written
/// to a private temporary file and hard-linked into place, which fails if
/// another process got there first, so both end up with the same key and no
/// reader ever sees a half-written file.
public enum SealingKeyFile {
    /// The key file's name inside the data directory.
    public static let fileName = "secret-sealing.key"

    /// Loads the key in `directory`, creating the directory and the key if needed.
    public static func loadOrCreate(in directory: String) throws -> [UInt8] {
        try loadOrCreate(at: path(in: directory))
    }

    /// Loads the key file at `path`, creating its directory and the key if needed.
    public static func loadOrCreate(at path: String) throws -> [UInt8] {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: path) {
            try create(at: path, key: try SecureRandom.bytes(32))
        }
        return try load(from: path)
    }

    /// The key file's path inside `directory`.
    public static func path(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(fileName)
    }

    /// Reads a key file (32 bytes) from anywhere, e.g. a backup's copy.
    public static func load(from path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CryptoFailure.keyFile("cannot read \(path)")
        }
        guard data.count == 32 else { throw CryptoFailure.keyFile("\(path) must hold exactly 32 bytes") }
        return Array(data)
    }

    /// Writes `key` as a 0600 file at `path`, atomically; a file already there is kept.
    public static func create(at path: String, key: [UInt8]) throws {
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw CryptoFailure.keyFile("cannot create \(temporary): errno \(errno)") }
        defer { unlink(temporary) }
        let written = key.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == 32, synced else { throw CryptoFailure.keyFile("cannot write \(temporary)") }
        // A key that another process installed first wins (and is the one loaded).
        if link(temporary, path) != 0 && errno != EEXIST {
            throw CryptoFailure.keyFile("cannot install \(path): errno \(errno)")
        }
    }
}
