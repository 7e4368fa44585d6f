/// The reference positions of the five landmarks in an aligned face chip, as
/// dlib's `get_face_chip_details(shape, size, padding)` defines them for the
/// 5-point model: eye corners (left image side first in pairs 2/3 and 0/1) and
/// the nose base, in units of the face box before padding.
enum FaceChipTemplate {
    /// dlib's mean 5-point face, x and y in 0…1 of the unpadded face box.
    private static let meanShape: [Point2D] = [
        Point2D(x: 0.8595674595992, y: 0.2134981538014),
        Point2D(x: 0.6460604764104, y: 0.2289674387677),
        Point2D(x: 0.1205750620789, y: 0.2137274526848),
        Point2D(x: 0.3340850613712, y: 0.2290642403242),
        Point2D(x: 0.4901123135679, y: 0.6277975316475),
    ]

    /// Template points in chip pixels for a `size`-pixel chip with `padding`
    /// (fraction of the face box added on each side).
    static func points(size: Int, padding: Double) -> [Point2D] {
        meanShape.map { p in
            Double(size) * Point2D(x: (padding + p.x) / (2 * padding + 1), y: (padding + p.y) / (2 * padding + 1))
        }
    }

    /// The chip region for five landmarks (s21 uses size 150, padding 0.25).
    static func region(for landmarks: [Point2D], size: Int = 150, padding: Double = 0.25) -> ChipRegion {
        ChipRegion(mapping: points(size: size, padding: padding), onto: landmarks, size: size)
    }
}
