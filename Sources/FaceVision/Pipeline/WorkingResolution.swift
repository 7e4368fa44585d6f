/// The resolution the detector searches, chosen per image so detection cost
/// stays bounded while faces stay at or above the detector's 80-pixel window.
///
/// Large photos are scaled down to at most `maxPixels`; small ones are scaled
/// up (at most `maxUpscale`×) until their longer side reaches `minLongSide`,
/// so small faces in small group photos are still found. Boxes found at the
/// working resolution are mapped back; landmarks and chips always come from
/// the original pixels.
public struct WorkingResolution: Sendable, Equatable {
    /// Largest working image, in pixels (width × height).
    public var maxPixels: Int
    /// Images whose longer side is shorter than this are upsampled to it.
    public var minLongSide: Int
    /// Upper bound on the upsampling factor.
    public var maxUpscale: Double

    /// The measured default (see the benchmark notes in the report):
    /// ≤ 1.2 MP, longer side ≥ 640 px, at most 2× up.
    public static let `default` = WorkingResolution(maxPixels: 1_200_000, minLongSide: 640, maxUpscale: 2)
    /// Searches every image at its own resolution (dlib's upsample 0).
    public static let native = WorkingResolution(maxPixels: .max, minLongSide: 0, maxUpscale: 1)

    /// Creates a policy.
    public init(maxPixels: Int, minLongSide: Int, maxUpscale: Double) {
        self.maxPixels = maxPixels
        self.minLongSide = minLongSide
        self.maxUpscale = maxUpscale
    }

    /// The factor (working size / original size) for a `width`×`height` image.
    public func scale(width: Int, height: Int) -> Double {
        let pixels = Double(width) * Double(height)
        if pixels > Double(maxPixels) { return (Double(maxPixels) / pixels).squareRoot() }
        let longSide = Double(max(width, height))
        if longSide < Double(minLongSide) { return min(maxUpscale, Double(minLongSide) / longSide) }
        return 1
    }
}
