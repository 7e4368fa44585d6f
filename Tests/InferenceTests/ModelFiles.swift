import Foundation

/// Locates the repository's model files from this source file's path.
enum ModelFiles {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repositoryRoot.appendingPathComponent("models/s21")
    static let recognizer = directory.appendingPathComponent("dlib_face_recognition_resnet_model_v1.dat").path
    static let detector = directory.appendingPathComponent("mmod_human_face_detector.dat").path

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
