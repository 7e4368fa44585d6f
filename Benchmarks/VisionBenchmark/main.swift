// The vision benchmark (`make bench-vision`): our s21 stages and end to end
// on a 640×480 portrait, the group photo t1.jpg and the 3.3 MP obama3.jpg,
// side by side with dlib's own pipeline (`dlib-oracle detect --time`) on the
// same images in the same run. Each of our figures twice: serial (one core per
// analysis) and adaptive (the server's default: an analysis also uses the
// cores no other analysis occupies). The end-to-end rows go through
// FacePipeline as the server does, one analysis alone and two at once. These
// rows search faces of ~70 px and up (min_face_size 0), as dlib at upsample 0
// does; SmallFaceBench then compares the small-face search with dlib's
// upsample 1.
//
// Usage: VisionBenchmark MODEL_DIR ORACLE IMAGE... [--small-faces IMAGE] [--sweep IMAGE...]
// After --small-faces: a photo with small faces (the first IMAGE is the portrait);
// after --sweep: images for the working-resolution sweep (PolicySweep).
import BenchSupport
import BlockingWork
import FaceVision
import Foundation
import ImageDecoding
import Inference

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: VisionBenchmark MODEL_DIR ORACLE IMAGE...\n".utf8))
    exit(2)
}
let (models, oracle) = (arguments[1], arguments[2])
let split = arguments.firstIndex(of: "--sweep") ?? arguments.count
let smallFaces = arguments.firstIndex(of: "--small-faces").map { arguments[$0 + 1] }
let images = Array(arguments[3..<(arguments.firstIndex(of: "--small-faces") ?? split)])
let sweepImages = Array(arguments[min(split + 1, arguments.count)...])
let cores = ProcessInfo.processInfo.activeProcessorCount
let pipelines = try [AnalysisThreading.serial, .adaptive].map { threading in
    var configuration = FacePipeline.Configuration()
    configuration.threading = threading
    configuration.minFaceSize = 0
    return try FacePipeline(modelDirectory: models, configuration: configuration)
}
let decoder = ImageDecoder()
let runs = 5

/// Median milliseconds of `body` run as a scheduler lane runs it (holding a core).
func timed(runs: Int = runs, _ body: () -> Void) -> [Double] {
    [Stopwatch.median(runs: runs) { HelperPool.shared.occupyingCore(body) }]
}

/// Serial and adaptive milliseconds, dlib's, and dlib's over adaptive.
func row(_ label: String, _ ours: [Double], _ dlib: Double?) {
    let figures = (ours.count == 1 ? [ours[0], ours[0]] : ours).map { String(format: " %11.2f", $0) }.joined()
    let reference = dlib.map { String(format: "%10.1f %8.1f×", $0, $0 / (ours.last ?? $0)) } ?? ""
    print("  " + label.padding(toLength: 24, withPad: " ", startingAt: 0) + figures + reference)
}

print("s21 vision benchmark: median of \(runs) runs on \(cores) cores; serial = one core per analysis, "
      + "adaptive = the server's default (idle cores lent); dlib: one run of dlib-oracle detect --time")
print("  (preliminary when other builds share the machine)")
for path in images {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let image = try decoder.decode(bytes)
    let dlib = try DlibReference(oracle: oracle, models: models, image: path)
    let analyzers = pipelines.map(\.analyzer)
    let boxes = analyzers[1].detectFaces(in: image)
    let scale = analyzers[1].workingResolution.scale(width: image.width, height: image.height)
    print("\n\(URL(fileURLWithPath: path).lastPathComponent) \(image.width)×\(image.height): "
          + "ours \(boxes.count) faces (working scale \(String(format: "%.2f", scale))), dlib \(dlib.faces) faces")
    print("  stage                    serial (ms) adaptive (ms)  dlib (ms)  dlib/adaptive")
    row("decode", timed { _ = try? decoder.decode(bytes) }, dlib.stages["decode"])
    row("detect", analyzers.flatMap { analyzer in timed { _ = analyzer.detectFaces(in: image) } }, dlib.stages["detect"])
    guard let face = boxes.first else { continue }
    let predictor = analyzers[0].predictor
    var landmarks = predictor.landmarks(in: image, box: face.box)
    row("landmarks / face", timed(runs: runs * 4) { landmarks = predictor.landmarks(in: image, box: face.box) },
        dlib.perFace("landmarks"))
    var chip = FaceAligner.chip(in: image, landmarks: landmarks)
    row("chip / face", timed(runs: runs * 4) { chip = FaceAligner.chip(in: image, landmarks: landmarks) },
        dlib.perFace("chip"))
    row("embed / face", analyzers.flatMap { analyzer in timed { _ = try? analyzer.recognizer.embed(chip: chip) } },
        dlib.perFace("embed"))
    var alone = [Double](), paired = [Double]()
    for pipeline in pipelines {
        alone.append(await Stopwatch.median(runs: runs, together: 1, pipeline: pipeline, bytes: bytes))
        paired.append(await Stopwatch.median(runs: runs, together: 2, pipeline: pipeline, bytes: bytes))
    }
    row("end to end", alone, dlib.endToEnd)
    row("end to end, 2 at once", paired, nil)
}

if let smallFaces, let portrait = images.first {
    try await SmallFaceBench.run(models: models, oracle: oracle, smallFaces: smallFaces, portrait: portrait, runs: runs)
}

try PolicySweep.run(models: models, images: sweepImages, parallelism: .adaptive)
