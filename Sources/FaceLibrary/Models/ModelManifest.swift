import Foundation

/// What `models/<version>/manifest.json` says about a recognition model: its
/// files with their pins, the input normalisation its weights expect, and the
/// calibration that turns its similarity into the API's confidence.
public struct ModelManifest: Sendable, Decodable, Equatable {
    public let modelVersion: String
    public let files: [String: ModelFile]
    public let inputNormalisation: InputNormalisation
    public let calibration: ConfidenceCalibration

    /// One weights file and the sha256 it must have.
    public struct ModelFile: Sendable, Decodable, Equatable {
        public let name: String
        public let sha256: String
    }

    /// Per-channel mean subtracted from RGB input, then the scale applied.
    public struct InputNormalisation: Sendable, Decodable, Equatable {
        public let channelOrder: String
        public let mean: [Float]
        public let scale: Float
    }

    enum CodingKeys: String, CodingKey {
        case modelVersion = "model_version"
        case files
        case inputNormalisation = "input_normalisation"
        case calibration
    }

    /// Reads and checks `manifest.json` in `directory`.
    public static func load(directory: String) throws -> ModelManifest {
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelSetupError.missingFile(path)
        }
        do {
            return try JSONDecoder().decode(ModelManifest.self, from: data)
        } catch {
            throw ModelSetupError.invalidManifest(path, "\(error)")
        }
    }
}

extension ModelManifest.InputNormalisation {
    enum CodingKeys: String, CodingKey {
        case channelOrder = "channel_order"
        case mean, scale
    }
}

/// Why a recognition model could not be set up; each names what to fix.
public enum ModelSetupError: Error, Equatable, CustomStringConvertible {
    case missingFile(String)
    case invalidManifest(String, String)
    case checksumMismatch(file: String, expected: String, actual: String)
    case normalisationMismatch(String)
    case unloadable(String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            "missing model file \(path) (run models/fetch.sh)"
        case .invalidManifest(let path, let reason):
            "invalid model manifest \(path): \(reason)"
        case .checksumMismatch(let file, let expected, let actual):
            "model file \(file) has sha256 \(actual), its pin is \(expected) (run models/fetch.sh)"
        case .normalisationMismatch(let detail):
            "the model files' input normalisation disagrees with the manifest: \(detail)"
        case .unloadable(let reason):
            "cannot load the model: \(reason)"
        }
    }
}
