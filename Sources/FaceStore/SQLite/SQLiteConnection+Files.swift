import Foundation

extension SQLiteConnection {
    /// Writes a compacted copy of the database, as of one read snapshot, to a
    /// new 0600 file at `path`, and makes it durable (SQLite does not fsync it).
    func vacuum(into path: String) throws {
        // VACUUM INTO accepts an empty file: creating it first sets its mode
        // (the copy holds sealed secrets and embeddings) and refuses to overwrite.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw SQLiteError(code: 0, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        do {
            try prepare("VACUUM INTO ?1").bind(.text(path)).run()
            try DurableFile.sync(path)
        } catch {
            unlink(path)
            throw error
        }
    }
}
