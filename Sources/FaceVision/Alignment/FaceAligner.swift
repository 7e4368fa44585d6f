import ImageDecoding

/// Cuts the aligned face chip the recognizer expects out of an image.
public enum FaceAligner {
    /// The chip side for s21's recognizer.
    public static let chipSize = 150
    /// The padding around the landmark template, as a fraction of the face.
    public static let chipPadding = 0.25

    /// The `chipSize`² chip in which `landmarks` sit on dlib's 5-point
    /// template (rotation, scale and position normalised), sampled bilinearly
    /// as dlib's `extract_image_chip(img, get_face_chip_details(shape, 150, 0.25))`.
    public static func chip(in image: RGBImage, landmarks: FaceLandmarks) -> RGBImage {
        let region = FaceChipTemplate.region(for: landmarks.points, size: chipSize, padding: chipPadding)
        return ChipExtractor.extract(region, from: image)
    }
}
