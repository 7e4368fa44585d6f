// `make bench-inference`: recognizer and detector speed, ours beside dlib's
// measured in the same run (the dlib oracle), with ratios, plus where the
// detector's time goes and what one versus two threads per request gives.
// Usage: InferenceBench [REPO_ROOT]
import Foundation
import ImageDecoding
@testable import FaceVision
@testable import Inference

let root = CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath
let models = root + "/models/s21", photos = root + "/Tests/Fixtures/photos", work = root + "/.bench/inference"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let dlib = DlibReference(executable: root + "/.build-oracle/dlib-oracle", modelDirectory: models)
guard dlib.isAvailable else {
    print("dlib oracle missing: run `make oracle` first")
    exit(1)
}

func load(_ path: String) throws -> RGBImage {
    try ImageDecoder(limits: .init(minSide: 1, maxSide: 8192), appliesEXIFOrientation: false)
        .decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
}
func row(_ label: String, ours: Double, reference: Double?) {
    let ref = reference.map { "\(Timing.format($0))   ratio ×\(String(format: "%.1f", $0 / ours))" } ?? ""
    print("  \(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(Timing.format(ours))   \(ref)")
}

print("InferenceBench — load average at start: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")")
print("columns: ours | dlib (same run) | dlib ÷ ours\n")

let detector = try FaceDetector(modelDirectory: models)
let serialDetector = try FaceDetector(modelDirectory: models, parallelism: .serial)
let recognizer = try FaceRecognizer(modelDirectory: models)
let recognizer2 = try FaceRecognizer(modelDirectory: models, parallelism: .allCores)

// Recognizer: dlib's own chips of the six faces of t1.jpg.
let group = photos + "/t1.jpg"
var chips = [RGBImage](), chipPaths = [String]()
for (index, face) in detector.detect(in: try load(group)).enumerated() {
    let path = work + "/chip\(index).png"
    _ = try dlib.run(["landmarks", group] + [face.left, face.top, face.width, face.height].map { String(Int($0)) } + [path])
    chips.append(try load(path))
    chipPaths.append(path)
}
let dlibEmbed = try dlib.medianTime(["chip", "--time"] + Array(repeating: chipPaths[0], count: 21), key: "embed")
print("Recognizer (150×150 chip → 128-D), \(chips.count) chips from t1.jpg")
row("one chip, 1 thread", ours: Timing.median(runs: 30) { _ = try! recognizer.embed(chip: chips[0]) }, reference: dlibEmbed)
row("one chip, 1 thread, thread CPU time",
    ours: Timing.median(runs: 30, clock: .threadCPU) { _ = try! recognizer.embed(chip: chips[0]) }, reference: nil)
row("one chip, 2 workers", ours: Timing.median(runs: 30) { _ = try! recognizer2.embed(chip: chips[0]) },
    reference: dlibEmbed)
row("batch of \(chips.count), per chip, 1 thread",
    ours: Timing.median(runs: 10) { _ = try! recognizer.embed(chips: chips) } / Double(chips.count), reference: dlibEmbed)
row("batch of \(chips.count), per chip, 2 workers",
    ours: Timing.median(runs: 10) { _ = try! recognizer2.embed(chips: chips) } / Double(chips.count), reference: dlibEmbed)

// Detector: a 640×480 crop of obama.jpg, its 320×240 half, and t1.jpg (1280×886).
let obama = try load(photos + "/obama.jpg")
let portrait = BenchImages.cropResized(obama, left: 0, top: 0, cropWidth: 910, cropHeight: 682, width: 640, height: 480)
let small = BenchImages.cropResized(portrait, left: 0, top: 0, cropWidth: 640, cropHeight: 480, width: 320, height: 240)
var images = [(name: String, path: String, image: RGBImage)]()
for (name, image) in [("portrait-640x480", portrait), ("portrait-320x240", small)] {
    let path = work + "/\(name).bmp"
    try BenchImages.writeBMP(image, to: path)
    images.append((name, path, image))
}
images.append(("t1-1280x886", group, try load(group)))
print("\nDetector (MMOD, upsample 0; dlib: median of 3 runs of its detect call)")
for (name, path, image) in images {
    let dlibDetect = try dlib.medianTime(["detect", "--time", path, path, path], key: "detect")
    let found = detector.detect(in: image).count
    row("\(name) (\(found) faces), 2 workers", ours: Timing.median(runs: 7) { _ = detector.detect(in: image) },
        reference: dlibDetect)
    row("\(name), 1 thread", ours: Timing.median(runs: 5) { _ = serialDetector.detect(in: image) }, reference: dlibDetect)
    row("\(name), 1 thread, thread CPU time",
        ours: Timing.median(runs: 5, clock: .threadCPU) { _ = serialDetector.detect(in: image) }, reference: nil)
    row("  largest face only, 2 workers", ours: Timing.median(runs: 7) { _ = detector.detectLargest(in: image) },
        reference: dlibDetect)
    row("  largest face only, 1 thread, thread CPU time",
        ours: Timing.median(runs: 5, clock: .threadCPU) { _ = serialDetector.detectLargest(in: image) }, reference: nil)
}

DetectorProfile.run(portrait: portrait, models: models)
try ThreadingPolicy.compare(models: models, image: portrait, chip: chips[0])
print("\nFigures are preliminary when other builds share the cores (see the load average above).")
