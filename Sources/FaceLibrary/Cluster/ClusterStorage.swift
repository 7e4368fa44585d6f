import FaceStore

/// What several nodes sharing one database use besides the faces: the
/// change log they follow, notifications, single-use signatures, the nodes
/// table and the deployment's canary. PostgreSQL provides all of it.
public struct ClusterStorage: Sendable {
    let changeLog: any LibraryChangeLog
    let notifications: any ChangeNotifications
    let signatures: any SignatureLedger
    let nodes: any NodeRegistry
    let deployment: any DeploymentValues

    /// Uses `store` for every part.
    public init(_ store: some LibraryChangeLog & ChangeNotifications & SignatureLedger & NodeRegistry & DeploymentValues) {
        changeLog = store
        notifications = store
        signatures = store
        nodes = store
        deployment = store
    }
}
