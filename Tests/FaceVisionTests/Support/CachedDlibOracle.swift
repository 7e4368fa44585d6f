import Foundation

/// Runs the dlib oracle (`.build-oracle/dlib-oracle`) and caches its JSON
/// output under `.build-oracle/cache/`, keyed by the arguments and the bytes
/// of the input files, because dlib's detector takes seconds per photo.
enum CachedDlibOracle {
    struct Face {
        var box: [Double]
        var confidence: Double
        /// Five (x, y) pairs, whole pixels as dlib returns them.
        var landmarks: [[Double]]
        var embedding: [Float]
    }

    enum Failure: Error { case oracleMissing, failed(String), unparseable(String) }

    static let executable = InferenceFixtures.repositoryRoot.appendingPathComponent(".build-oracle/dlib-oracle")
    static let cacheDirectory = InferenceFixtures.repositoryRoot.appendingPathComponent(".build-oracle/cache")

    /// dlib's detections on a photo at upsample 0, largest first.
    static func detect(_ imagePath: String) throws -> [Face] {
        try faces(from: run(["detect", imagePath], inputs: [imagePath]))
    }

    /// dlib's detections after `upsample` pyramid_up steps, as its Python
    /// binding returns them (boxes mapped back with rect_down; landmarks and
    /// embeddings from the original image), largest first.
    static func detect(_ imagePath: String, upsample: Int) throws -> [Face] {
        try faces(from: run(["detect", "--upsample", String(upsample), imagePath], inputs: [imagePath]))
    }

    /// dlib's pyramid_up of an image, written as PNG to the returned path.
    static func upsampled(_ imagePath: String) throws -> String {
        let key = cacheKey(["upsampled"], inputs: [imagePath])
        let path = cacheDirectory.appendingPathComponent("\(key)-up.png").path
        let temporary = cacheDirectory.appendingPathComponent("\(key)-\(UUID().uuidString).png").path
        _ = try run(["upsampled", imagePath, temporary], inputs: [imagePath], producing: path)
        if FileManager.default.fileExists(atPath: temporary) { rename(temporary, path) }
        return path
    }

    /// dlib's aligned chip for a box (written as PNG to the returned path)
    /// and dlib's embedding of it.
    static func chip(_ imagePath: String, box: [Double]) throws -> (chipPath: String, embedding: [Float]) {
        let result = try landmarks(imagePath, box: box)
        return (result.chipPath, result.face.embedding)
    }

    /// dlib's landmarks, chip (PNG at `chipPath`) and embedding for a box.
    static func landmarks(_ imagePath: String, box: [Double]) throws -> (face: Face, chipPath: String) {
        let ints = box.map { String(Int($0.rounded())) }
        let key = cacheKey(["landmarks"] + ints, inputs: [imagePath])
        let chipPath = cacheDirectory.appendingPathComponent("\(key).png").path
        // The oracle writes a private file that is renamed into place, so a test
        // running in parallel never reads a half-written chip.
        let temporary = cacheDirectory.appendingPathComponent("\(key)-\(UUID().uuidString).png").path
        let output = try run(["landmarks", imagePath] + ints + [temporary], inputs: [imagePath],
                             producing: chipPath)
        if FileManager.default.fileExists(atPath: temporary) { rename(temporary, chipPath) }
        guard let face = try faces(from: output).first else { throw Failure.unparseable(output) }
        return (face, chipPath)
    }

    private static func run(_ arguments: [String], inputs: [String], producing extra: String? = nil) throws -> String {
        let cached = cacheDirectory.appendingPathComponent(cacheKey(arguments.filter { !$0.hasSuffix(".png") || inputs.contains($0) },
                                                                    inputs: inputs) + ".json")
        if let text = try? String(contentsOf: cached, encoding: .utf8),
           extra.map({ FileManager.default.fileExists(atPath: $0) }) ?? true {
            return text
        }
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw Failure.oracleMissing }
        let process = Process()
        process.executableURL = executable
        process.arguments = [InferenceFixtures.modelDirectory] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Failure.failed(text) }
        let temporary = cached.appendingPathExtension("tmp\(ProcessInfo.processInfo.processIdentifier)")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        // rename(2) replaces atomically, so concurrent tests never read half a file.
        guard rename(temporary.path, cached.path) == 0 else { throw Failure.failed("cannot cache \(cached.path)") }
        return text
    }

    private static func faces(from output: String) throws -> [Face] {
        guard let line = output.split(separator: "\n").first,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let faces = object["faces"] as? [[String: Any]] else { throw Failure.unparseable(output) }
        return faces.map { face in
            Face(box: (face["box"] as? [NSNumber] ?? []).map(\.doubleValue),
                 confidence: (face["confidence"] as? NSNumber)?.doubleValue ?? 0,
                 landmarks: (face["landmarks"] as? [[NSNumber]] ?? []).map { $0.map(\.doubleValue) },
                 embedding: (face["embedding"] as? [NSNumber] ?? []).map(\.floatValue))
        }
    }

    /// FNV-1a over the arguments and the input files' bytes: a cache key, not a
    /// security hash.
    private static func cacheKey(_ arguments: [String], inputs: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        for argument in arguments {
            mix((inputs.contains(argument) ? URL(fileURLWithPath: argument).lastPathComponent : argument).utf8)
            mix([0])
        }
        for input in inputs { mix((try? Data(contentsOf: URL(fileURLWithPath: input))) ?? Data()) }
        // A rebuilt oracle (new options, changed output) invalidates what it printed before.
        let attributes = try? FileManager.default.attributesOfItem(atPath: executable.path)
        mix("\(attributes?[.size] ?? 0) \(attributes?[.modificationDate] ?? 0)".utf8)
        return String(hash, radix: 16)
    }
}
