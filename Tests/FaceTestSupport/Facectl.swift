import Foundation

/// Runs the built `facectl` binary as ops would, capturing what it prints.
public enum Facectl {
    /// What one run printed and how it ended.
    public struct Result: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// stdout as JSON lines.
        public var jsonLines: [JSONNode] {
            stdout.split(separator: "\n").compactMap { JSONNode(parsing: Array($0.utf8)) }
        }

        public var description: String { "facectl exited \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Runs `facectl --data-dir <dataDirectory> [--database-url URL] <arguments…>` and waits for it.
    public static func run(_ arguments: [String], dataDirectory: String, databaseURL: String? = nil) async throws -> Result {
        try await FaceClient.offload {
            // Files, not pipes: a chatty run cannot fill a pipe and block.
            let outputPath = NSTemporaryDirectory() + "facectl-\(UUID().uuidString).out"
            let errorPath = outputPath + ".err"
            defer {
                unlink(outputPath)
                unlink(errorPath)
            }
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServerProcess.binary("facectl"))
            process.arguments = ["--data-dir", dataDirectory] + (databaseURL.map { ["--database-url", $0] } ?? [])
                + arguments
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACE_SERVER_") }
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
            try process.run()
            process.waitUntilExit()
            return Result(status: process.terminationStatus,
                          stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
        }
    }
}
