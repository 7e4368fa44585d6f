import COpenSSL
import FaceVision
import Foundation
import ImageDecoding

/// How one face-pipeline run spreads over the cores (FaceVision's; named here
/// so the layers above configure it without reaching past this one).
public typealias AnalysisThreading = FaceVision.AnalysisThreading

/// One recognition model version ready to serve: its verified files loaded
/// into a face pipeline, and its confidence calibration.
public struct RecognitionModel: Sendable {
    /// The `model_version` libraries name (e.g. "s21").
    public let version: String
    public let pipeline: FacePipeline
    public let calibration: ConfidenceCalibration

    /// Loads `<modelsDirectory>/<version>/`: reads the manifest, checks every
    /// file against its sha256 pin, loads the networks, and checks that their
    /// input normalisation is the manifest's. `maxConcurrentAnalyses` pipeline
    /// runs execute at once (0: one per CPU core); more wait in the pipeline's
    /// queue. With `.adaptive` threading a run also uses the cores the others leave idle.
    public static func load(modelsDirectory: String, version: String, imageLimits: ImageLimits,
                            maxConcurrentAnalyses: Int = 0,
                            threading: AnalysisThreading = .adaptive,
                            minFaceSize: Int = FaceAnalyzer.defaultMinFaceSize) throws -> RecognitionModel {
        let directory = (modelsDirectory as NSString).appendingPathComponent(version)
        let manifest = try ModelManifest.load(directory: directory)
        guard manifest.modelVersion == version else {
            throw ModelSetupError.invalidManifest(directory, "it describes model \(manifest.modelVersion)")
        }
        for file in manifest.files.values.sorted(by: { $0.name < $1.name }) {
            try verify(file, in: directory)
        }
        var configuration = FacePipeline.Configuration()
        configuration.pixelLimits = PixelLimits(
            minSide: imageLimits.minSide, maxSide: imageLimits.maxSide,
            maxPixels: imageLimits.maxPixels)
        configuration.maxConcurrentAnalyses = maxConcurrentAnalyses > 0
            ? maxConcurrentAnalyses : ProcessInfo.processInfo.activeProcessorCount
        configuration.threading = threading
        configuration.minFaceSize = minFaceSize
        let pipeline: FacePipeline
        do {
            pipeline = try FacePipeline(modelDirectory: directory, configuration: configuration)
        } catch {
            throw ModelSetupError.unloadable("\(error)")
        }
        try check(manifest.inputNormalisation, against: pipeline.analyzer.recognizer)
        return RecognitionModel(version: version, pipeline: pipeline, calibration: manifest.calibration)
    }

    private static func verify(_ file: ModelManifest.ModelFile, in directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(file.name)
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw ModelSetupError.missingFile(path)
        }
        let actual = sha256Hex(contents)
        guard actual == file.sha256.lowercased() else {
            throw ModelSetupError.checksumMismatch(file: path, expected: file.sha256, actual: actual)
        }
    }

    private static func sha256Hex(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        data.withUnsafeBytes { bytes in
            _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    private static func check(_ normalisation: ModelManifest.InputNormalisation,
                              against recognizer: FaceRecognizer) throws {
        let mean = recognizer.inputMean
        let loaded = [mean.red, mean.green, mean.blue]
        guard normalisation.channelOrder == "RGB", normalisation.mean.count == 3,
              zip(loaded, normalisation.mean).allSatisfy({ abs($0 - $1) < 1e-3 }),
              normalisation.scale == 1 / 256
        else {
            throw ModelSetupError.normalisationMismatch(
                "files: RGB mean \(loaded), scale 1/256; manifest: \(normalisation.channelOrder) mean "
                    + "\(normalisation.mean), scale \(normalisation.scale)")
        }
    }
}
