import Foundation

/// Runs the dlib oracle in the same benchmark run and reads its timings.
struct DlibReference {
    let executable: String
    let modelDirectory: String

    var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Median of dlib's `time_ms[key]` over the JSON lines of one oracle run.
    func medianTime(_ arguments: [String], key: String) throws -> Double {
        let times = try run(arguments).compactMap { line -> Double? in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return ((object?["time_ms"] as? [String: Any])?[key] as? NSNumber)?.doubleValue
        }
        guard !times.isEmpty else { throw CocoaError(.fileReadCorruptFile) }
        return times.sorted()[times.count / 2]
    }

    /// Runs the oracle; returns its output lines.
    func run(_ arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [modelDirectory] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
