// The vision benchmark (`make bench-vision`): our s21 stages and end to end
// on a 640×480 portrait, the group photo t1.jpg and the 3.3 MP obama3.jpg,
// side by side with dlib's own pipeline (`dlib-oracle detect --time`) on the
// same images in the same run.
//
// Usage: VisionBenchmark MODEL_DIR ORACLE IMAGE... [--sweep IMAGE...]
// After --sweep: images for the working-resolution sweep (PolicySweep).
import BenchSupport
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
let images = Array(arguments[3..<split]), sweepImages = Array(arguments[min(split + 1, arguments.count)...])
let cores = ProcessInfo.processInfo.activeProcessorCount
let analyzer = try FaceAnalyzer(modelDirectory: models, parallelism: Parallelism(workers: cores))
let decoder = ImageDecoder()
let runs = 5

func row(_ label: String, _ ours: Double, _ dlib: Double?) {
    let reference = dlib.map { String(format: "%10.1f %8.1f×", $0, $0 / ours) } ?? String(repeating: " ", count: 20)
    let padded = label.padding(toLength: 22, withPad: " ", startingAt: 0)
    print("  " + padded + String(format: " %10.2f", ours) + reference)
}

print("s21 vision benchmark: median of \(runs) runs, \(cores) threads; dlib: one run of dlib-oracle detect --time")
print("  (preliminary when other builds share the machine)")
for path in images {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let image = try decoder.decode(bytes)
    let dlib = try DlibReference(oracle: oracle, models: models, image: path)
    let boxes = analyzer.detectFaces(in: image)
    let scale = analyzer.workingResolution.scale(width: image.width, height: image.height)
    print("\n\(URL(fileURLWithPath: path).lastPathComponent) \(image.width)×\(image.height): "
          + "ours \(boxes.count) faces (working scale \(String(format: "%.2f", scale))), dlib \(dlib.faces) faces")
    print("  stage                   ours (ms)  dlib (ms)    ratio")
    row("decode", Stopwatch.median(runs: runs) { _ = try? decoder.decode(bytes) }, dlib.stages["decode"])
    row("detect", Stopwatch.median(runs: runs) { _ = analyzer.detectFaces(in: image) }, dlib.stages["detect"])
    guard let face = boxes.first else { continue }
    var landmarks = analyzer.predictor.landmarks(in: image, box: face.box)
    row("landmarks / face", Stopwatch.median(runs: runs * 4) {
        landmarks = analyzer.predictor.landmarks(in: image, box: face.box)
    }, dlib.perFace("landmarks"))
    var chip = FaceAligner.chip(in: image, landmarks: landmarks)
    row("chip / face", Stopwatch.median(runs: runs * 4) { chip = FaceAligner.chip(in: image, landmarks: landmarks) },
        dlib.perFace("chip"))
    row("embed / face", Stopwatch.median(runs: runs) { _ = try? analyzer.recognizer.embed(chip: chip) },
        dlib.perFace("embed"))
    row("end to end", Stopwatch.median(runs: runs) { _ = analyzer.analyze((try? decoder.decode(bytes)) ?? image) },
        dlib.endToEnd)
}

try PolicySweep.run(models: models, images: sweepImages, parallelism: Parallelism(workers: cores))
