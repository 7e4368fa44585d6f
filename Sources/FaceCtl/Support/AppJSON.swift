import FaceLibrary

/// An app as facectl prints it: one JSON object, never the secret.
struct AppJSON: Encodable {
    let api_key: String
    let name: String
    let state: String
    let max_groups: Int
    let max_faces: Int
    /// Unix milliseconds.
    let created_at: Int64
    /// Libraries held now.
    let libraries: Int
    /// Faces across the app's libraries now.
    let faces: Int

    init(_ app: AppSummary) {
        api_key = app.apiKey
        name = app.name
        state = app.isActive ? "active" : "disabled"
        max_groups = app.quotas.maxGroups
        max_faces = app.quotas.maxFaces
        created_at = app.createdAt
        libraries = app.libraryCount
        faces = app.faceCount
    }
}
