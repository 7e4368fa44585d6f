import Foundation
import ImageDecoding

/// Expected pixels from Python Pillow (`Tests/Fixtures/pillow_reference.py`),
/// installed with pip on first use; a test-time tool only.
enum Pillow {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Pillow's decode of `url` (EXIF orientation applied when `transpose`).
    static func decode(_ url: URL, transpose: Bool = false) throws -> RGBImage {
        let out = try Fixtures.scratchDirectory("pillow").appendingPathComponent(url.lastPathComponent + ".rgb")
        try run(["decode", url.path, out.path] + (transpose ? ["--transpose"] : []))
        return try readReference(out)
    }

    /// Writes every supported encoding variant of a crop of `photo` into `directory`.
    static func writeVariants(of photo: URL, into directory: URL) throws {
        try run(["variants", photo.path, directory.path])
    }

    /// Reads a `.rgb` reference: u32 width, u32 height (little-endian), RGB bytes.
    static func readReference(_ url: URL) throws -> RGBImage {
        let data = try Fixtures.bytes(url)
        guard data.count >= 8 else { throw Failure(description: "short reference \(url.path)") }
        let word = { (i: Int) in Int(data[i]) | Int(data[i + 1]) << 8 | Int(data[i + 2]) << 16 | Int(data[i + 3]) << 24 }
        return RGBImage(width: word(0), height: word(4), pixels: Array(data[8...]))
    }

    private static let installed: Bool = {
        if (try? shell(["python3", "-c", "import PIL"])) != nil { return true }
        return (try? shell(["python3", "-m", "pip", "install", "--quiet", "pillow"])) != nil
    }()

    private static func run(_ arguments: [String]) throws {
        guard installed else { throw Failure(description: "Pillow is not installed and pip could not install it") }
        try shell(["python3", Fixtures.pillowScript.path] + arguments)
    }

    @discardableResult
    private static func shell(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) failed: \(message)")
        }
        return message
    }
}
