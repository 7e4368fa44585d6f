import Foundation

/// This process's peak resident memory since a starting point, from Linux's
/// `/proc/self/status` (`VmHWM`), reset through `/proc/self/clear_refs`:
/// for in-process tests that a hostile input allocated nothing large.
public struct PeakMemory: Sendable {
    private let startKiB: Int

    /// Resets the peak to the current resident size and remembers it.
    public init() throws {
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil,
              let start = Self.peakKiB() else { throw PeakMemoryError.unavailable }
        startKiB = start
    }

    /// KiB the peak rose above the starting point; nil when it cannot be read.
    public func growthKiB() -> Int? {
        Self.peakKiB().map { $0 - startKiB }
    }

    private static func peakKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }

    /// The kernel offers no resettable peak (not Linux, or /proc not mounted).
    public enum PeakMemoryError: Error {
        case unavailable
    }
}
