import Foundation
import ImageDecoding

/// dlib's own implementation (`.build-oracle/dlib-oracle`, see
/// Tests/Oracle/dlib_oracle.cpp), run on the same model files and photos.
/// It is slow, so every answer is cached under `.build-oracle/cache/`, keyed
/// by the input file's SHA-256 and the request.
enum DlibOracle {
    struct Face: Decodable {
        var box: [Double]?
        var confidence: Double?
        var landmarks: [[Double]]?
        var embedding: [Float]
    }

    struct Answer: Decodable {
        var width: Int
        var height: Int
        var faces: [Face]
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// `dlib-oracle detect` (upsample 0): faces, largest first.
    static func detect(_ photo: URL) throws -> Answer {
        let key = "detect-u0-\(try digest(photo)).json"
        let json = try cached(key) { try run(["detect", photo.path]) }
        return try JSONDecoder().decode(Answer.self, from: json)
    }

    /// `dlib-oracle landmarks` for one box: dlib's landmarks and embedding, and its chip.
    static func landmarks(_ photo: URL, box: [Int]) throws -> (face: Face, chip: RGBImage) {
        let stem = "landmarks-\(try digest(photo))-\(box.map(String.init).joined(separator: "_"))"
        let chipURL = Fixtures.oracleCache.appendingPathComponent(stem + ".png")
        let json = try cached(stem + ".json") {
            try run(["landmarks", photo.path] + box.map(String.init) + [chipURL.path])
        }
        let answer = try JSONDecoder().decode(Answer.self, from: json)
        let chip = try ImageDecoder(limits: ImageLimits(minSide: 1, maxSide: 4096)).decode(Fixtures.bytes(chipURL))
        return (answer.faces[0], chip)
    }

    private static func cached(_ key: String, produce: () throws -> Data) throws -> Data {
        let url = Fixtures.oracleCache.appendingPathComponent(key)
        if let data = try? Data(contentsOf: url), !data.isEmpty { return data }
        try FileManager.default.createDirectory(at: Fixtures.oracleCache, withIntermediateDirectories: true)
        let data = try produce()
        try data.write(to: url, options: .atomic)
        return data
    }

    private static func run(_ arguments: [String]) throws -> Data {
        try shell(Fixtures.oracle.path, [Fixtures.models.path] + arguments)
    }

    static func digest(_ file: URL) throws -> String {
        let out = try shell("/usr/bin/sha256sum", [file.path])
        return String(String(decoding: out, as: UTF8.self).prefix(16))
    }

    private static func shell(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return data
    }
}
