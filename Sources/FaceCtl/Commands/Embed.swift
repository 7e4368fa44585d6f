import ArgumentParser
import FaceVision
import Foundation
import ImageDecoding

/// `facectl embed`: runs the s21 pipeline on image files and prints the faces.
struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Detect, align and embed the faces in images with the s21 model.",
        discussion: """
            With --json, prints one JSON object per line per image: {"image", "width", "height", "faces": \
            [{"box": [left, top, width, height], "confidence", "landmarks": [[x, y] x5], "embedding": [128 floats]}]}, \
            faces largest first, in original-image coordinates. A bad image is reported on stderr; the others are \
            still processed and the exit status is 1.
            """)

    @Flag(help: "Each input is an already aligned 150x150 chip: only embed it.")
    var chip = false

    @Flag(help: "Print one JSON object per line per image.")
    var json = false

    @Option(help: "Directory holding the s21 model files.")
    var models = "models/s21"

    @Option(help: "Largest image the detector searches, in pixels (larger images are scaled down for detection).")
    var maxWorkingPixels = WorkingResolution.default.maxPixels

    @Option(help: "Smallest face to find, in pixels of the image; 0 searches only faces of ~70 px and up (faster).")
    var minFaceSize = FaceAnalyzer.defaultMinFaceSize

    @Argument(help: "Image files (PNG, JPEG, BMP).")
    var images: [String]

    func validate() throws {
        guard minFaceSize >= 0 else { throw ValidationError("--min-face-size must be 0 or more") }
    }

    func run() async throws {
        var configuration = FacePipeline.Configuration()
        configuration.maxConcurrentAnalyses = 1
        configuration.threading = .adaptive
        configuration.workingResolution.maxPixels = maxWorkingPixels
        configuration.minFaceSize = minFaceSize
        let pipeline: FacePipeline
        do {
            pipeline = try FacePipeline(modelDirectory: models, configuration: configuration)
        } catch {
            throw ValidationError("cannot load the s21 models from \(models): \(error)")
        }
        var failed = 0
        for path in images {
            do {
                let bytes = try readFile(path)
                let analysis = chip
                    ? FaceAnalysis(width: FaceRecognizer.chipSize, height: FaceRecognizer.chipSize, faces: [])
                    : try await pipeline.analyze(imageBytes: bytes)
                let chipEmbedding = chip ? try await pipeline.embedChip(imageBytes: bytes) : nil
                print(json ? EmbedReport.json(path: path, analysis: analysis, chipEmbedding: chipEmbedding)
                           : EmbedReport.summary(path: path, analysis: analysis, chipEmbedding: chipEmbedding))
            } catch FacePipelineError.image(.invalidSize(let width, let height)) where chip {
                failed += 1
                report(path, "not an aligned \(FaceRecognizer.chipSize)x\(FaceRecognizer.chipSize) chip (\(width)x\(height))")
            } catch {
                failed += 1
                report(path, "\(error)")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    private func report(_ path: String, _ message: String) {
        FileHandle.standardError.write(Data("facectl embed: \(path): \(message)\n".utf8))
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the file")
        }
        return [UInt8](data)
    }
}
