import Foundation

/// dlib's figures for the same image, from `dlib-oracle detect --time` run in
/// the same benchmark session.
public struct DlibReference {
    /// Faces dlib found.
    public var faces = 0
    /// Milliseconds per stage: decode, detect, landmarks, chip, embed (the last three over all faces).
    public var stages: [String: Double] = [:]

    /// Runs `oracle MODELS detect --time [--upsample N] IMAGE` once.
    public init(oracle: String, models: String, image: String, upsample: Int = 0) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: oracle)
        process.arguments = [models, "detect", "--time"] + (upsample > 0 ? ["--upsample", String(upsample)] : []) + [image]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let faces = object["faces"] as? [Any], let times = object["time_ms"] as? [String: Double] else {
            throw CocoaError(.coderReadCorrupt)
        }
        self.faces = faces.count
        stages = times
    }

    /// Per-face figure for a stage dlib times over all faces.
    public func perFace(_ stage: String) -> Double { (stages[stage] ?? 0) / Double(max(faces, 1)) }

    /// Decode + detect + landmarks + chip + embed, in milliseconds.
    public var endToEnd: Double { ["decode", "detect", "landmarks", "chip", "embed"].reduce(0) { $0 + (stages[$1] ?? 0) } }
}
