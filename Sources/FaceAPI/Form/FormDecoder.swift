import FaceLibrary

/// Turns a request body into form fields according to its Content-Type.
public enum FormDecoder {
    /// Decodes `body`; a missing Content-Type is accepted only for an empty body.
    public static func decode(_ body: [UInt8], contentType: String?) throws(FormError) -> FormFields {
        guard let contentType else {
            guard body.isEmpty else { throw .unsupportedContentType }
            return FormFields()
        }
        guard let header = ParameterizedHeader(contentType) else { throw .unsupportedContentType }
        switch header.value {
        case "multipart/form-data":
            guard let boundary = header.parameters["boundary"] else {
                throw .malformed("multipart/form-data without a boundary")
            }
            return try MultipartFormParser.parse(body, boundary: boundary)
        case "application/x-www-form-urlencoded":
            return try URLEncodedFormParser.parse(body)
        default:
            throw .unsupportedContentType
        }
    }
}
