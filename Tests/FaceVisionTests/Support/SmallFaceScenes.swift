import Foundation

/// Photos the fixtures do not have, composed with Pillow
/// (`Tests/Fixtures/compose_scene.py`) from fixture photos: their faces cut
/// out, scaled down to a chosen width and pasted over a faceless background,
/// as a group photo or a distant camera would show them. Written once per
/// process under a temporary directory; never committed.
enum SmallFaceScenes {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// One face: a fixture photo (or another image file) whose largest dlib
    /// face is scaled to `width` px.
    struct Face {
        var photo: String
        var width: Double
        var path: String { photo.hasPrefix("/") ? photo : InferenceFixtures.photoPath(photo) }
    }

    static let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("small-face-scenes-\(ProcessInfo.processInfo.processIdentifier)")
    static let script = InferenceFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/compose_scene.py")

    /// Six faces of 42–64 px in a 640×480 scene.
    static let groupFaces = [Face(photo: "obama.jpg", width: 42), Face(photo: "biden.jpg", width: 46),
                             Face(photo: "astronaut.png", width: 50), Face(photo: "obama2.jpg", width: 54),
                             Face(photo: "32bit.png", width: 58), Face(photo: "obama3.jpg", width: 64)]

    /// A 640×480 group scene of `faces`, two rows of three, over a blurred coffee cup.
    static func group(_ name: String = "group", faces: [Face] = groupFaces) throws -> String {
        let placements = try faces.enumerated().map { index, face in
            try placement(face, x: 20 + (index % 3) * 210, y: 30 + (index / 3) * 230)
        }
        return try compose(name, background: "coffee.png", placements: placements)
    }

    /// One face of `width` px (from obama2.jpg) alone in a 640×480 scene.
    static func lone(width: Double) throws -> String {
        try compose("lone-\(Int(width))", background: "coffee.png",
                    placements: [placement(Face(photo: "obama2.jpg", width: width), x: 300, y: 180)])
    }

    /// Frames of the fixture videos as a distant camera would show them: four
    /// frames (ffmpeg) side by side, each scaled so its face is 44–60 px.
    static func videoFrames() throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let frames = try [("WolfgangLanger_Pexels.mp4", 1.0, 44.0), ("WolfgangLanger_Pexels.mp4", 4.0, 60.0),
                          ("single_face.mp4", 0.5, 52.0), ("WolfgangLanger_Pexels.mp4", 12.0, 48.0)].map { video, second, width in
            let frame = directory.appendingPathComponent("\(video)-\(second).png").path
            if !FileManager.default.fileExists(atPath: frame) {
                try run(["ffmpeg", "-loglevel", "error", "-y", "-ss", String(second), "-i",
                         InferenceFixtures.photoPath(video), "-frames:v", "1", frame])
            }
            return Face(photo: frame, width: width)
        }
        let placements = try frames.enumerated().map { index, face in
            try placement(face, x: 20 + (index % 2) * 320, y: 30 + (index / 2) * 230, margin: 0.8)
        }
        return try compose("video-frames", background: "coffee.png", placements: placements)
    }

    /// No face: cuts of the cat and the coffee photos, scaled down as the faces are.
    static func faceless() throws -> String {
        let placements = [("chelsea.png", 0.3, 30, 40), ("chelsea.png", 0.2, 260, 60), ("coffee.png", 0.25, 420, 250),
                          ("chelsea.png", 0.15, 80, 300), ("coffee.png", 0.12, 300, 330)]
            .map { photo, scale, x, y in "\(InferenceFixtures.photoPath(photo)):0:0:100000:100000:\(scale):\(x):\(y)" }
        return try compose("faceless", background: "chelsea.png", placements: placements)
    }

    /// The photo's largest dlib face and `margin` face widths around it, scaled so the face is `face.width` px.
    private static func placement(_ face: Face, x: Int, y: Int, margin widths: Double = 1.5) throws -> String {
        let path = face.path
        guard let box = try CachedDlibOracle.detect(path).first?.box else {
            throw Failure(description: "dlib finds no face in \(face.photo)")
        }
        let scale = face.width / box[2]
        let margin = box[2] * widths
        let (left, top) = (Int(max(0, box[0] - margin)), Int(max(0, box[1] - margin)))
        let (right, bottom) = (Int(box[0] + box[2] + margin), Int(box[1] + box[3] + margin))
        return "\(path):\(left):\(top):\(right):\(bottom):\(scale):\(x):\(y)"
    }

    private static func compose(_ name: String, background: String, placements: [String]) throws -> String {
        let out = directory.appendingPathComponent("\(name).png")
        if FileManager.default.fileExists(atPath: out.path) { return out.path }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent("\(name)-\(UUID().uuidString).png")
        try run(["python3", script.path, temporary.path, "640", "480", InferenceFixtures.photoPath(background)] + placements)
        rename(temporary.path, out.path)
        return out.path
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(arguments[0]) \(arguments[1]): \(message)") }
    }
}
