import ImageDecoding
import Inference

// Faces smaller than the window, found with dlib's own method and paid for
// only where needed (SmallFaceSearch says which levels):
//
//   image ──pyramid_up (2×)──▶ tiled 5/6 pyramid of the 2× image
//         ──score only the regions of its levels finer than the image──▶ candidates
//         ──rect_down──▶ boxes in the image, suppressed together with the
//                        image's own pyramid's candidates
//
// The 2× pyramid is laid out and scored exactly as dlib's detector sees the
// upsampled image, so these boxes are dlib's upsample-1 boxes; the image's
// own levels keep its native boxes. The 2× pyramid is built after the native
// pass has handed its workspace back, so the two never hold memory at once,
// and it is scored in bands of at most `maxUpsampledCropPixels`, so its
// activations never outgrow a native pass at the 1.2 MP working resolution.
extension FaceDetector {
    /// Input pixels one forward pass over the 2× pyramid may cover (about the
    /// tiled pyramid of a 1 MP image).
    static let maxUpsampledCropPixels = 4_000_000

    /// Candidates from the upsampled levels `search` asks for, in `image`'s
    /// coordinates; empty when none is needed or affordable.
    func upsampledCandidates(in image: RGBImage, search: SmallFaceSearch, threshold: Double,
                             maxCropPixels: Int = maxUpsampledCropPixels) -> [DetectionCandidate] {
        guard let plan = UpsampledLevels(imageWidth: image.width, imageHeight: image.height, search: search,
                                         windowSize: network.windowWidth) else { return [] }
        return withPyramid(of: plan.image(from: image)) { tiling, workspace in
            let scoreShape = network.outputShape(for: TensorShape(channels: 3, rows: tiling.rows, columns: tiling.columns))
            let levels = 0..<min(plan.count, tiling.levels.count)
            var found = [DetectionCandidate](), cells = Set<Int>()
            let bands = regions(for: levels, tiling: tiling, scoreRows: scoreShape.rows, scoreColumns: scoreShape.columns)
                .flatMap { $0.bands(maxCropPixels: maxCropPixels, network: network,
                                    inputRows: tiling.rows, inputColumns: tiling.columns) }
            for region in bands {
                for var candidate in candidates(in: region, tiling: tiling, threshold: threshold, workspace: &workspace)
                where levels.contains(candidate.level) && cells.insert(candidate.cell).inserted {
                    candidate.rect = plan.original(candidate.rect, imageWidth: image.width, imageHeight: image.height)
                    found.append(candidate)
                }
            }
            return found
        } ?? []
    }
}
