import Foundation

import FaceVision

/// The text `facectl embed` prints for one image.
enum EmbedReport {
    /// One JSON object on one line (the format of `dlib-oracle`, so outputs compare directly).
    static func json(path: String, analysis: FaceAnalysis, chipEmbedding: [Float]?) -> String {
        let faces: [String]
        if let chipEmbedding {
            faces = ["{\"embedding\": \(list(chipEmbedding))}"]
        } else {
            faces = analysis.faces.map { face in
                let box = [face.box.left, face.box.top, face.box.width, face.box.height].map(String.init)
                let landmarks = face.landmarks.points.map { "[\(number($0.x)), \(number($0.y))]" }
                return "{\"box\": [\(box.joined(separator: ", "))], \"confidence\": \(number(face.confidence)), "
                    + "\"landmarks\": [\(landmarks.joined(separator: ", "))], \"embedding\": \(list(face.embedding))}"
            }
        }
        return "{\"image\": \(quoted(path)), \"width\": \(analysis.width), \"height\": \(analysis.height), "
            + "\"faces\": [\(faces.joined(separator: ", "))]}"
    }

    /// A short human-readable line.
    static func summary(path: String, analysis: FaceAnalysis, chipEmbedding: [Float]?) -> String {
        if chipEmbedding != nil { return "\(path): chip embedded (128 floats)" }
        let boxes = analysis.faces.map { "\($0.box.width)x\($0.box.height) at (\($0.box.left), \($0.box.top))" }
        let faces = analysis.faces.count == 1 ? "1 face" : "\(analysis.faces.count) faces"
        return "\(path): \(analysis.width)x\(analysis.height), \(faces)"
            + (boxes.isEmpty ? "" : ": " + boxes.joined(separator: ", "))
    }

    private static func list(_ values: [Float]) -> String {
        "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case let s where s.value < 0x20: out += String(format: "\\u%04x", s.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
