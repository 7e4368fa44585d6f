import FaceStore
import Foundation

/// Writes a library archive line by line, keeping its checksum.
///
/// The file is written under a temporary name (mode 0600: embeddings are
/// biometric data) and renamed into place by `finish()` after an fsync, so
/// an export that fails half-way leaves no file that looks complete.
final class LibraryArchiveWriter {
    let path: String
    private let temporaryPath: String
    private let descriptor: Int32
    private let digest: SHA256Digest
    private let encoder = JSONEncoder()
    private var buffer: [UInt8] = []
    private(set) var facesWritten = 0

    /// Starts a new archive at `path`, which must not exist yet.
    init(path: String) throws(LibraryTransferError) {
        guard !FileManager.default.fileExists(atPath: path) else { throw .fileExists(path) }
        self.path = path
        temporaryPath = path + ".partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw .io("cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        digest = try SHA256Digest()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit {
        close(descriptor)
    }

    func write(_ header: LibraryArchive.Header) throws(LibraryTransferError) {
        try writeLine(header, hashed: true)
    }

    func write(_ face: LibraryArchive.FaceLine) throws(LibraryTransferError) {
        try writeLine(face, hashed: true)
        facesWritten += 1
    }

    /// Writes the trailer, makes the file durable and gives it its final name.
    func finish() throws(LibraryTransferError) {
        try writeLine(LibraryArchive.Trailer(end: LibraryArchive.format, faceCount: facesWritten,
                                             sha256: digest.finalHex()), hashed: false)
        try flush()
        guard fsync(descriptor) == 0 else { throw .io("cannot fsync \(temporaryPath)") }
        guard rename(temporaryPath, path) == 0 else {
            throw .io("cannot rename \(temporaryPath) to \(path): \(String(cString: strerror(errno)))")
        }
        do {
            try DurableFile.syncDirectory(containing: path)
        } catch {
            throw .io("\(error)")
        }
    }

    /// Removes the unfinished file after a failure.
    func abandon() {
        unlink(temporaryPath)
    }

    private func writeLine(_ value: some Encodable, hashed: Bool) throws(LibraryTransferError) {
        let line: [UInt8]
        do {
            line = Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            throw .io("cannot encode an archive line: \(error)")
        }
        if hashed { digest.update(line) }
        buffer += line
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(LibraryTransferError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw .io("cannot write \(temporaryPath): \(String(cString: strerror(errno)))") }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
