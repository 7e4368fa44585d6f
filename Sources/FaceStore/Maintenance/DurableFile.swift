import Foundation

/// fsync helpers for files written outside SQLite (backups, archives), so
/// that a file reported written survives a crash, and so does its name.
public enum DurableFile {
    /// fsyncs the file at `path` and then the directory that names it.
    public static func sync(_ path: String) throws {
        try fsync(path: path)
        try syncDirectory(containing: path)
    }

    /// fsyncs the directory holding `path` (after a create or rename in it).
    public static func syncDirectory(containing path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try fsync(path: directory.isEmpty ? "." : directory)
    }

    private static func fsync(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DurableFileError(path: path, call: "open", code: errno) }
        defer { close(descriptor) }
        guard Foundation.fsync(descriptor) == 0 else { throw DurableFileError(path: path, call: "fsync", code: errno) }
    }
}

/// A file could not be made durable.
public struct DurableFileError: Error, CustomStringConvertible {
    public let path: String
    public let call: String
    public let code: Int32

    public var description: String { "\(call) \(path): \(String(cString: strerror(code)))" }
}
