import BlockingWork
import ImageDecoding
import Inference

// Design note: the synchronous s21 pipeline on one decoded image.
//
//   original image ──resize (WorkingResolution)──► working image ──detect──► boxes
//        │                                                         │ map back (÷ scale)
//        └──────────── landmarks on original pixels ◄──────────────┘
//                      chip on original pixels ──► embed (one batch) ──► faces
//
// Landmarks and chips always use the original pixels, so they match dlib run
// at native resolution whatever the working scale. With `.largest` the
// detector searches coarse to fine and stops once the largest face is settled
// (`FaceDetector.detectLargest`: the same box as the full search). With multi-oriented
// detection and no upright face, the image is searched in each quarter turn and
// the turn with the best-scoring detection wins; its faces are fitted on the
// turned image and mapped back to the original frame. Faces down to
// `minFaceSize` photo pixels are searched in upsampled levels of the working
// image (SmallFaceSearch), which count against the working-resolution cap.
// Immutable and thread-safe: the models are, and each call owns its buffers.

/// Runs detect → landmarks → chip → embed on decoded images, synchronously.
public final class FaceAnalyzer: Sendable {
    public let detector: FaceDetector
    public let predictor: ShapePredictor
    public let recognizer: FaceRecognizer
    public let workingResolution: WorkingResolution
    /// Smallest face searched for, in pixels of the photo as sent; 0 turns
    /// the upsampled search off (faces under ~70 px are then missed).
    public let minFaceSize: Int

    /// The default smallest face, in photo pixels: what dlib finds when it
    /// upsamples once (face_recognition's default), and about Face++'s 48.
    public static let defaultMinFaceSize = 40

    /// Loads the three s21 models from `modelDirectory`; each detection and
    /// embedding spreads over `parallelism` threads.
    public init(modelDirectory: String, workingResolution: WorkingResolution = .default,
                minFaceSize: Int = FaceAnalyzer.defaultMinFaceSize,
                parallelism: Parallelism = .serial) throws(ModelLoadError) {
        detector = try FaceDetector(modelDirectory: modelDirectory, parallelism: parallelism)
        predictor = try ShapePredictor(modelDirectory: modelDirectory)
        recognizer = try FaceRecognizer(modelDirectory: modelDirectory, parallelism: parallelism)
        self.workingResolution = workingResolution
        self.minFaceSize = minFaceSize
    }

    /// Faces in `image`, largest first (just the largest with `.largest`);
    /// empty when none is found in any allowed orientation.
    public func analyze(_ image: RGBImage, options: AnalysisOptions = AnalysisOptions()) -> [AnalyzedFace] {
        var timings = StageTimings()
        return analyze(image, options: options, timings: &timings)
    }

    /// `analyze(_:options:)`, adding each stage's time to `timings`.
    public func analyze(_ image: RGBImage, options: AnalysisOptions, timings: inout StageTimings) -> [AnalyzedFace] {
        let detected = timings.time(\.detect) { orientedDetections(in: image, options: options) }
        guard let (quarterTurns, turned, boxes) = detected else { return [] }
        let landmarks = timings.time(\.landmarks) { boxes.map { predictor.landmarks(in: turned, box: $0.box) } }
        let chips = timings.time(\.align) { landmarks.map { FaceAligner.chip(in: turned, landmarks: $0) } }
        // FaceAligner always cuts chipSize² chips, the one thing embed checks.
        let embeddings = timings.time(\.embed) { (try? recognizer.embed(chips: chips)) ?? [] }
        let frame = QuarterTurnFrame(quarterTurns: quarterTurns, originalWidth: image.width, originalHeight: image.height)
        return zip(boxes, zip(landmarks, embeddings)).map { detection, rest in
            AnalyzedFace(box: frame.original(detection.box), confidence: detection.confidence,
                         landmarks: FaceLandmarks(points: rest.0.points.map(frame.original)),
                         embedding: rest.1, quarterTurns: quarterTurns)
        }
    }

    /// The detections (all, or just the largest) upright or, when there are
    /// none and the options allow it, in the quarter turn whose best detection
    /// scores highest (a turn that leaves the face sideways can still yield a
    /// weak detection, so the first turn that finds something is not
    /// necessarily the upright one). With `.largest` only the largest face of
    /// each turn is searched for, and its score decides.
    private func orientedDetections(in image: RGBImage, options: AnalysisOptions)
        -> (quarterTurns: Int, image: RGBImage, boxes: [(box: PixelRect, confidence: Double)])? {
        func detect(_ image: RGBImage) -> [(box: PixelRect, confidence: Double)] {
            options.selection == .largest ? detectLargestFace(in: image).map { [$0] } ?? [] : detectFaces(in: image)
        }
        let upright = detect(image)
        if !upright.isEmpty { return (0, image, upright) }
        guard options.multiOrientedDetection else { return nil }
        var best: (quarterTurns: Int, image: RGBImage, boxes: [(box: PixelRect, confidence: Double)])?
        for quarterTurns in 1...3 {
            let turned = image.rotated(quarterTurnsClockwise: quarterTurns)
            let boxes = detect(turned)
            let score = boxes.map(\.confidence).max() ?? -.infinity
            if score > (best?.boxes.map(\.confidence).max() ?? -.infinity) { best = (quarterTurns, turned, boxes) }
        }
        return best
    }

    /// Detector boxes in `image`'s own coordinates, searched at the working
    /// resolution, largest first.
    public func detectFaces(in image: RGBImage) -> [(box: PixelRect, confidence: Double)] {
        let (working, toImage) = workingImage(of: image)
        return detector.detect(in: working, smallFaces: smallFaceSearch(original: image, working: working)).map(toImage)
    }

    /// The first of `detectFaces(in:)`, found without scoring the finer
    /// pyramid levels when a large face settles it (`FaceDetector.detectLargest`).
    public func detectLargestFace(in image: RGBImage) -> (box: PixelRect, confidence: Double)? {
        let (working, toImage) = workingImage(of: image)
        return detector.detectLargest(in: working, smallFaces: smallFaceSearch(original: image, working: working))
            .map(toImage)
    }

    /// `minFaceSize` in working-image pixels. The cap: the upsampled levels
    /// hold at most 4 × `workingResolution.maxPixels` pixels (the 2× image
    /// of a working image at the cap), so small faces are searched in full
    /// up to ~0.45 MP working images and down to 48 or 58 px beyond.
    private func smallFaceSearch(original: RGBImage, working: RGBImage) -> SmallFaceSearch? {
        guard minFaceSize > 0 else { return nil }
        let scale = Double(working.height) / Double(original.height)
        let (budget, overflow) = workingResolution.maxPixels.multipliedReportingOverflow(by: 4)
        return SmallFaceSearch(minFaceSize: Double(minFaceSize) * scale, maxPixels: overflow ? .max : budget)
    }

    /// The image at the working resolution, and the map from its detections
    /// to boxes in `image`'s coordinates.
    private func workingImage(of image: RGBImage) -> (RGBImage, (Detection) -> (box: PixelRect, confidence: Double)) {
        let scale = workingResolution.scale(width: image.width, height: image.height)
        let working = scale == 1 ? image : image.resized(width: max(1, Int((Double(image.width) * scale).rounded())),
                                                         height: max(1, Int((Double(image.height) * scale).rounded())))
        let (sx, sy) = (Double(image.width) / Double(working.width), Double(image.height) / Double(working.height))
        return (working, { d in
            // Pixel j of the working image covers [j, j+1)·s of the original.
            let left = PixelRect.round(d.left * sx), top = PixelRect.round(d.top * sy)
            let right = PixelRect.round((d.left + d.width) * sx) - 1, bottom = PixelRect.round((d.top + d.height) * sy) - 1
            return (PixelRect(left: left, top: top, right: right, bottom: bottom), d.confidence)
        })
    }
}
