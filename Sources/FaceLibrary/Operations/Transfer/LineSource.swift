import Foundation

/// Splits a file into LF-terminated lines, reading it in 1 MiB chunks.
struct LineSource {
    struct Line {
        let number: Int
        let bytes: [UInt8]
    }

    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var number = 0

    init(path: String) throws(LibraryTransferError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io("cannot open \(path)") }
        self.handle = handle
    }

    /// The next line without its LF; nil at the end of the file.
    mutating func next() throws(LibraryTransferError) -> Line? {
        while true {
            if let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                number += 1
                let bytes = Array(pending[start..<newline])
                start = newline + 1
                return Line(number: number, bytes: bytes)
            }
            if pending.count - start > LibraryArchive.maxLineBytes {
                throw .invalidLine(number + 1, "longer than \(LibraryArchive.maxLineBytes) bytes")
            }
            if atEnd {
                guard start < pending.count else { return nil }
                throw .truncated("the last line has no line feed (cut off?)")
            }
            pending.removeFirst(start)
            start = 0
            do {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { atEnd = true } else { pending += chunk }
            } catch {
                throw .io("cannot read the archive: \(error)")
            }
        }
    }
}
