import Foundation

/// Finds byte patterns in a buffer, without copying it.
struct ByteSearch {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// True when `pattern` occurs at `index`.
    func hasPrefix(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + pattern.count <= bytes.count else { return false }
        for offset in pattern.indices where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    /// The first index at or after `start` where `pattern` begins.
    func firstIndex(of pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, start >= 0 else { return nil }
        let lastStart = bytes.count - pattern.count
        guard start <= lastStart else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var index = start
            while index <= lastStart {
                // memchr skips to candidate first bytes at memory speed.
                guard let hit = memchr(buffer.baseAddress! + index, Int32(first), lastStart - index + 1) else { return nil }
                index = buffer.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(buffer.baseAddress! + index, pattern, pattern.count) == 0 { return index }
                index += 1
            }
            return nil
        }
    }
}
