import ImageDecoding
import Inference

// Design note: an ensemble-of-regression-trees cascade evaluated exactly as
// dlib's `shape_predictor`, so landmarks match dlib's to the pixel.
//
//   shape ← mean shape (box-normalised: box corners at 0 and 1)
//   for each cascade stage:
//     T ← similarity fit mean shape → shape (2×2 part only, as Float)
//     for each sampled pixel i: p ← T·delta[i] + shape[anchor[i]]   (Float)
//         mapped into the box (Double), rounded to a pixel;
//         f[i] ← gray (r+g+b)/3 there, 0 outside the image
//     shape += Σ trees' leaves chosen by f
//   landmarks ← shape mapped into the box, rounded to whole pixels (as dlib)
//
// The Float/Double split and the rounding follow dlib's types, because a
// pixel sampled one position off changes which leaves are chosen.

/// dlib's 5-point face landmark model (`shape_predictor_5_face_landmarks.dat`).
/// Immutable after loading, so one instance serves any number of threads.
public struct ShapePredictor: Sendable {
    /// File name of the model inside the s21 model directory.
    public static let modelFileName = "shape_predictor_5_face_landmarks.dat"

    /// Mean shape in box-normalised coordinates, x and y interleaved.
    let meanShape: [Float]
    let stages: [RegressionForest]

    /// Loads the model from `modelDirectory` (e.g. `models/s21`).
    public init(modelDirectory: String) throws(ModelLoadError) {
        try self.init(modelPath: modelDirectory + "/" + Self.modelFileName)
    }

    /// Fits the landmarks of the face in `box` (a detector box in `image`'s
    /// pixel coordinates). Points are whole pixels, as dlib returns them.
    public func landmarks(in image: RGBImage, box: PixelRect) -> FaceLandmarks {
        var shape = meanShape
        let frame = BoxFrame(box)
        let maxFeatures = stages.map(\.anchors.count).max() ?? 0
        var features = [Float](repeating: 0, count: maxFeatures)
        image.pixels.withUnsafeBufferPointer { pixels in
            for stage in stages {
                let (a, b) = rotationScale(toward: shape)
                for i in stage.anchors.indices {
                    let (dx, dy) = (stage.deltas[2 * i], stage.deltas[2 * i + 1])
                    let anchor = stage.anchors[i]
                    let x = (a * dx + -b * dy) + shape[2 * anchor]
                    let y = (b * dx + a * dy) + shape[2 * anchor + 1]
                    features[i] = intensity(pixels, image, at: frame.pixel(x, y))
                }
                features.withUnsafeBufferPointer { f in
                    shape.withUnsafeMutableBufferPointer { stage.apply(features: f, to: $0) }
                }
            }
        }
        return FaceLandmarks(points: (0..<shape.count / 2).map { frame.point(shape[2 * $0], shape[2 * $0 + 1]) })
    }

    /// The rotation-and-scale part of the least-squares similarity from the
    /// mean shape to `shape`, as Float (dlib casts it before use).
    private func rotationScale(toward shape: [Float]) -> (Float, Float) {
        let points = { (s: [Float]) in (0..<s.count / 2).map { Point2D(x: Double(s[2 * $0]), y: Double(s[2 * $0 + 1])) } }
        let transform = SimilarityTransform.leastSquares(from: points(meanShape), to: points(shape))
        return (Float(transform.a), Float(transform.b))
    }

    @inline(__always)
    private func intensity(_ pixels: UnsafeBufferPointer<UInt8>, _ image: RGBImage, at p: (x: Int, y: Int)) -> Float {
        guard p.x >= 0, p.y >= 0, p.x < image.width, p.y < image.height else { return 0 }
        let i = (p.y * image.width + p.x) * 3
        return Float((Int(pixels[i]) + Int(pixels[i + 1]) + Int(pixels[i + 2])) / 3)
    }
}

/// Maps box-normalised coordinates (box corners at 0 and 1) to image pixels.
private struct BoxFrame {
    let left, top, spanX, spanY: Double

    init(_ box: PixelRect) {
        left = Double(box.left)
        top = Double(box.top)
        spanX = Double(box.right - box.left)
        spanY = Double(box.bottom - box.top)
    }

    func point(_ x: Float, _ y: Float) -> Point2D {
        Point2D(x: spanX * Double(x) + left, y: spanY * Double(y) + top).roundedToPixel
    }

    func pixel(_ x: Float, _ y: Float) -> (x: Int, y: Int) {
        let p = point(x, y)
        return (Int(p.x), Int(p.y))
    }
}
