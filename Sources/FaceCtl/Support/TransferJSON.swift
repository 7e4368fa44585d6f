import FaceLibrary

/// What export and import print.
struct TransferJSON: Encodable {
    let api_key: String
    let group_id: String
    let model_version: String
    let faces: Int
    let file: String
    let face_tokens: String

    init(_ summary: TransferSummary) {
        api_key = summary.apiKey
        group_id = summary.groupID
        model_version = summary.modelVersion
        faces = summary.faces
        file = summary.path
        face_tokens = summary.tokensKept ? "kept" : "new"
    }
}
