import FaceAPI
import FaceVision
import ImageDecoding
import Inference

/// One parser of untrusted bytes, as `make fuzz` drives it: any input must
/// end in a value or a thrown error, never a trap, hang or huge allocation.
enum FuzzTarget: String, CaseIterable {
    /// Request bodies: multipart (two boundaries) and urlencoded.
    case form
    /// `sign`, both as sent (text) and as the raw bytes inside the base64.
    case signature
    /// JPEG, PNG and BMP decoding with the contract's size limits.
    case image
    /// dlib model files: the detector, the recognizer and the landmark predictor.
    case model

    private static let contentTypes = ["multipart/form-data; boundary=b", "multipart/form-data; boundary=\"x y\"",
                                       "application/x-www-form-urlencoded"]

    func run(_ bytes: [UInt8]) {
        switch self {
        case .form:
            // The first byte picks the content type, the rest is the body.
            guard let first = bytes.first else { return }
            _ = try? FormDecoder.decode(Array(bytes.dropFirst()),
                                        contentType: Self.contentTypes[Int(first) % Self.contentTypes.count])
        case .signature:
            let text = String(decoding: bytes, as: UTF8.self)
            let encoded = String(decoding: base64(bytes), as: UTF8.self)
            for version in SignVersion.allCases {
                _ = Signature(sign: text, version: version)
                _ = Signature(sign: encoded, version: version)
            }
        case .image:
            _ = try? ImageDecoder().decode(bytes)
        case .model:
            _ = try? MMODNetwork(bytes: bytes)
            _ = try? MetricResNet(bytes: bytes)
            _ = try? ShapePredictor(bytes: bytes)
        }
    }

    /// Standard base64, so that the fuzzer's bytes reach the parser of `raw`.
    private func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for index in 0..<4 {
                output.append(index <= chunk.count ? alphabet[(value >> (18 - 6 * index)) & 63] : UInt8(ascii: "="))
            }
        }
        return output
    }
}
